import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder, ROOT } from './files.js';

/**
 * Imports run one way: transports → commands → reply / qa → index → corpus, with no module reaching back up
 * through a circle of imports (type-only imports count: they tie the modules' meanings together all the same).
 */

const SPECIFIER = /(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** Repo-relative module → the repo-relative src modules it imports. */
export function importGraph(files: string[], read: (file: string) => string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = new Set<string>();
    for (const match of read(file).matchAll(SPECIFIER)) {
      const specifier = (match[1] ?? match[2])!;
      targets.add(path.join(path.dirname(file), specifier).replace(/\.js$/, '.ts'));
    }
    graph.set(file, [...targets].filter((t) => files.includes(t)).sort());
  }
  return graph;
}

/** The strongly connected components with more than one module (or a module importing itself): the cycles. */
export function cycles(graph: Map<string, string[]>): string[][] {
  // Tarjan's algorithm.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return found;
}

const sources = filesUnder('src', (f) => f.endsWith('.ts'));
const graph = importGraph(sources, (file) => readFileSync(path.join(ROOT, file), 'utf8'));
const importsOf = (file: string) => graph.get(file) ?? [];

describe('imports run one way', () => {
  it('GIVEN a made-up circle and a made-up line THEN the check finds the circle only', () => {
    const fake = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'd.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', []],
    ]);
    expect(cycles(fake)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(cycles(new Map([['a.ts', ['b.ts']], ['b.ts', []]]))).toEqual([]);
  });

  it('GIVEN the import graph of src THEN it reads the imports (type-only included) and holds no cycle', () => {
    expect(importsOf('src/index/cache.ts')).toContain('src/index/buildIndex.ts');
    expect(importsOf('src/reply/discord.ts')).toContain('src/reply/message.ts');
    expect(cycles(graph)).toEqual([]);
  });

  it('GIVEN the layers THEN nothing below src/commands imports commands or transports, nor runs discord.js code', () => {
    // The entry points (main, cli), the process orchestration (scale: cluster, shards) and the benches
    // (which drive the whole stack) sit on top of everything.
    const below = sources.filter((f) => !/^src\/(commands|transports|cli|bench|scale)\/|^src\/main\.ts$/.test(f));
    const upward = below.flatMap((f) => importsOf(f).filter((t) => /^src\/(commands|transports|cli|scale)\//.test(t)).map((t) => `${f} → ${t}`));
    expect(upward).toEqual([]);
    // Discord's API types (the shape of a message) may be named below; its client, builders and REST may not.
    const discordCode = below.filter((f) => /^\s*import\s+(?!type\b)[^;]*from\s*['"]discord\.js['"]/m.test(readFileSync(path.join(ROOT, f), 'utf8')));
    expect(discordCode).toEqual([]);
  });
});
