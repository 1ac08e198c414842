import { randomBytes } from 'node:crypto';
import { open, rename as fsRename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The rename step, injectable so a test can make it fail. */
export interface WriteIo {
  rename(from: string, to: string): Promise<void>;
}

/**
 * Writes a file so that readers see the old content or the new, never half of it: the bytes go to a
 * hidden, uniquely named temp file beside `file` (same folder, so the rename is atomic on one file
 * system; hidden, so the article loader and watcher skip it), are flushed to disk, and the temp file then
 * replaces `file`. On any failure the temp file is removed and the old file is left as it was. Used for
 * article files and for the index cache.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, io: WriteIo = { rename: fsRename }): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, data, { flag: 'wx' });
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await io.rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
