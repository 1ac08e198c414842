import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder, ROOT } from './files.js';

/**
 * The docs stay true: every npm script they tell you to run exists, every relative link leads to a file
 * (and an `#anchor` to a heading of it), and the README stays a five-minute read.
 */

const docs = ['README.md', ...filesUnder('docs', (f) => f.endsWith('.md'))];
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);

/** The text outside fenced code blocks, line by line (headings and links inside code are examples). */
function prose(markdown: string): string {
  let fenced = false;
  return markdown
    .split('\n')
    .filter((line) => {
      if (/^\s*(```|~~~)/.test(line)) {
        fenced = !fenced;
        return false;
      }
      return !fenced;
    })
    .join('\n');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2 … */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, text] of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = text!
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** `npm run NAME` (also `npm run -s NAME`) anywhere in the text, code blocks included: they are what people paste. */
export function npmScripts(markdown: string): string[] {
  return [...markdown.matchAll(/\bnpm run(?:\s+(?:-s|--silent))?\s+([\w:.-]+)/g)].map((m) => m[1]!);
}

/** Markdown links `[text](target)` and `<a href>`-free autolinks aside: the targets, outside code. */
export function linkTargets(markdown: string): string[] {
  const text = prose(markdown).replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
}

/** What is wrong with one link of `file`, or undefined when it leads somewhere. */
function brokenLink(file: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto: …: not ours to check
  const [pathPart, anchor] = target.split('#', 2) as [string, string | undefined];
  const destination = pathPart ? path.join(path.dirname(path.join(ROOT, file)), decodeURIComponent(pathPart)) : path.join(ROOT, file);
  if (!existsSync(destination)) return `${file}: ${target} (no such file)`;
  if (anchor === undefined || !destination.endsWith('.md') || statSync(destination).isDirectory()) return undefined;
  if (!headingAnchors(readFileSync(destination, 'utf8')).has(decodeURIComponent(anchor).toLowerCase())) return `${file}: ${target} (no such heading)`;
  return undefined;
}

describe('the docs stay true', () => {
  it('GIVEN made-up markdown THEN scripts, links and anchors are read as GitHub reads them', () => {
    expect(npmScripts('run `npm run eval -- --json` or\n```sh\nnpm run -s ask -- --json\n```')).toEqual(['eval', 'ask']);
    expect(linkTargets('[a](docs/x.md#y) `[b](not-a-link)` [c](https://e.org)\n```\n[d](in-code.md)\n```')).toEqual(['docs/x.md#y', 'https://e.org']);
    expect([...headingAnchors('# Speed at scale (`npm run bench`)\n## 3. Configure\n## Notes\n## Notes\n```\n# not a heading\n```')]).toEqual([
      'speed-at-scale-npm-run-bench',
      '3-configure',
      'notes',
      'notes-1',
    ]);
  });

  it('GIVEN the README THEN it is at most 250 lines', () => {
    expect(read('README.md').split('\n').length).toBeLessThanOrEqual(250);
  });

  it('GIVEN the README and docs/*.md THEN every `npm run X` they name is a script in package.json', () => {
    expect(docs).toContain(path.join('docs', 'discord.md'));
    const missing = docs.flatMap((file) => npmScripts(read(file)).filter((name) => !scripts.includes(name)).map((name) => `${file}: npm run ${name}`));
    expect(missing).toEqual([]);
  });

  it('GIVEN the README and docs/*.md THEN every relative link resolves to a file, and every #anchor to a heading', () => {
    const broken = docs.flatMap((file) => linkTargets(read(file)).map((target) => brokenLink(file, target)).filter((b): b is string => b !== undefined));
    expect(broken).toEqual([]);
  });
});
