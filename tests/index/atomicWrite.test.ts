import * as fs from 'node:fs/promises';
import { readdir, readFile, rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cachePath, saveIndexCache } from '../../src/index/cache.js';
import { openIndex } from '../../src/index/openIndex.js';
import { makeDataDir } from './helpers.js';

// The cache module's rename and writeFile, made to fail on demand; everything else is the real thing.
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return { ...real, rename: vi.fn(real.rename), writeFile: vi.fn(real.writeFile) };
});

let dir: string;
beforeEach(async () => {
  dir = await makeDataDir();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('GIVEN a saved cache and a save that fails', () => {
  it.each([
    ['the rename fails (e.g. another process holds the file)', 'rename'],
    ['writing the temp file fails (e.g. the disk is full)', 'writeFile'],
  ] as const)('WHEN %s THEN the old cache is intact and no temp file is left', async (_name, step) => {
    const index = await openIndex(dir, { onWarning: () => {}, progress: false });
    const before = await readFile(cachePath(dir), 'utf8');
    index.corpus.articles.pop();
    vi.mocked(fs[step]).mockRejectedValueOnce(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }));
    await expect(saveIndexCache(dir, index)).rejects.toThrow(/ENOSPC/);
    expect(await readFile(cachePath(dir), 'utf8')).toBe(before);
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('WHEN saving fails during open THEN one warning and the index still answers', async () => {
    const warnings: string[] = [];
    vi.mocked(fs.rename).mockRejectedValueOnce(new Error('EACCES: permission denied'));
    const index = await openIndex(dir, { onWarning: (m) => warnings.push(m), progress: false });
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(/could not save/);
    expect(index.corpus.articles).toHaveLength(3);
  });
});
