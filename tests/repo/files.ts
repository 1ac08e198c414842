import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers.js';

export { ROOT };

/** Files under `dir` (relative to the repo root), recursively, as repo-relative paths; node_modules skipped. */
export function filesUnder(dir: string, keep: (file: string) => boolean = () => true): string[] {
  const start = path.join(ROOT, dir);
  if (!existsSync(start)) return [];
  if (statSync(start).isFile()) return keep(dir) ? [dir] : [];
  return readdirSync(start, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => !file.split(path.sep).includes('node_modules') && statSync(path.join(ROOT, file)).isFile() && keep(file))
    .sort();
}

/** Whether a path exists, counting a `.js` import specifier as its `.ts` source. */
export function existsAsSource(absolute: string): boolean {
  return existsSync(absolute) || (absolute.endsWith('.js') && existsSync(`${absolute.slice(0, -3)}.ts`));
}

/** Whether `absolute` is the repo root or inside it. */
export function insideRepo(absolute: string): boolean {
  const relative = path.relative(ROOT, absolute);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
