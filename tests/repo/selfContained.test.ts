import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { existsAsSource, filesUnder, insideRepo, ROOT } from './files.js';

/**
 * A clone stands on its own: nothing the tests, the sources, the scripts or the docs name may sit above the
 * repository root (such as a shared data folder that only the development machines have beside the checkout).
 * .ci/run proves it by running the tests in a copy with nothing beside it; this test names the culprit.
 */

/** A run of parent steps (two dots, then slash-separated names) and what follows; not an ellipsis or `a..b`. */
const PARENT_PATH = /(?<![\w.])\.\.(?!\.)(?:\/[\w@.+-]+)*/g;
/** Absolute paths into somebody's machine. */
const MACHINE_PATH = /(?<![\w.:/])(?:\/(?:work|home|Users|root)\/|~\/)[\w.-]+/g;

/**
 * The paths in `text` (a file at repo-relative `file`) that leave the repository. A relative path is read
 * both ways code reads it: from the file's own folder (imports, `import.meta.dirname`) and from the repo root
 * (`npm run` works there, so CLI defaults and `path.resolve(ROOT, …)` do); from the root it only counts
 * when it names nothing from the file's folder (so a test's import of a source two folders up is an import, not a reach). A bare
 * parent step cannot be judged this way (`path.resolve(ROOT, '..')` reads like `path.resolve(here, '..')`);
 * .ci/run's copy with nothing beside it catches what this misses.
 */
export function pathsOutside(file: string, text: string): string[] {
  const folder = path.dirname(path.join(ROOT, file));
  const found: string[] = [];
  for (const [token] of text.matchAll(PARENT_PATH)) {
    const fromFile = path.resolve(folder, token);
    if (!insideRepo(fromFile) || (!existsAsSource(fromFile) && !insideRepo(path.resolve(ROOT, token)))) found.push(token);
  }
  for (const [token] of text.matchAll(MACHINE_PATH)) found.push(token);
  return found;
}

const TEXT = /\.(ts|js|mjs|cjs|json|md|html|csv|example)$|(^|\/)\.ci\/run$/;
const scanned = [
  ...['src', 'tests', '.ci', 'docs'].flatMap((dir) => filesUnder(dir, (f) => TEXT.test(f))),
  ...['package.json', 'tsconfig.json', 'vitest.config.ts', 'README.md', '.env.example'].flatMap((f) => filesUnder(f)),
];

describe('a clone stands on its own', () => {
  it('GIVEN paths that leave the repository THEN the check names them, and leaves imports and ellipses alone', () => {
    const up = '..';
    const reach = [`'${up}/shared/eval/dev.json'`, `"${up}/${up}/outside"`, `path.resolve(here, '${up}/${up}/${up}/data')`, `'/wo` + `rk/shared/x'`];
    expect(pathsOutside('tests/eval/x.test.ts', reach.join('\n'))).toHaveLength(4);
    const fine = [`from '${up}/${up}/src/eval/score.js'`, `'${up}/fixtures/tiny-squad.json'`, 'wait...', 'main..issue-10', `path.resolve(here, '${up}')`];
    expect(pathsOutside('tests/eval/x.test.ts', fine.join('\n'))).toEqual([]);
  });

  it('GIVEN every source, test, script, config and doc THEN none names a path above the repository root', () => {
    expect(scanned.length).toBeGreaterThan(100);
    expect(scanned).toContain('package.json');
    expect(scanned).toContain(path.join('.ci', 'run'));
    const offenders = scanned.flatMap((file) => pathsOutside(file, readFileSync(path.join(ROOT, file), 'utf8')).map((p) => `${file}: ${p}`));
    expect(offenders).toEqual([]);
  });
});
