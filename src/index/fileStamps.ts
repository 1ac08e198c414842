import { stat } from 'node:fs/promises';
import { fileOfKey, listArticleFiles, mapLimit } from '../corpus/loadCorpus.js';

/**
 * Which article files a data folder holds, each by name, size and modification time: what the index
 * cache is keyed on and what a warm start compares to find the files that changed while the bot was down.
 * A module of its own because both the index (which files it reflects) and the cache need it.
 */

/** What identifies one version of an article file. */
export interface FileStamp {
  name: string;
  size: number;
  /** Modification time in nanoseconds since the epoch, as a decimal string (exact, unlike a float of ms). */
  mtime: string;
}

/**
 * Stamps of every article file, library and servers' (named by file key, see `listArticleFiles`), in
 * listing order; an empty list when there are none. A deleted server folder simply has no stamps left.
 */
export async function stampArticleFiles(dataDir: string): Promise<FileStamp[]> {
  const names = await listArticleFiles(dataDir);
  const stamps = await mapLimit(names, 64, async (name) => {
    try {
      const s = await stat(fileOfKey(dataDir, name), { bigint: true });
      return { name, size: Number(s.size), mtime: s.mtimeNs.toString() };
    } catch {
      return { name, size: -1, mtime: '0' };
    }
  });
  return stamps;
}

/** Which files were added, changed or removed between two sets of stamps. */
export function diffStamps(before: FileStamp[], after: FileStamp[]): { added: string[]; changed: string[]; removed: string[] } {
  const old = new Map(before.map((s) => [s.name, s]));
  const now = new Map(after.map((s) => [s.name, s]));
  const added: string[] = [];
  const changed: string[] = [];
  for (const s of after) {
    const o = old.get(s.name);
    if (!o) added.push(s.name);
    else if (o.size !== s.size || o.mtime !== s.mtime) changed.push(s.name);
  }
  const removed = before.filter((s) => !now.has(s.name)).map((s) => s.name);
  return { added, changed, removed };
}
