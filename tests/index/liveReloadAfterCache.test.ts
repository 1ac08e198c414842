import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startLiveReload } from '../../src/index/liveReload.js';
import { openIndex } from '../../src/index/openIndex.js';
import { makeDataDir } from './helpers.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('GIVEN an index opened from its cache (a warm start)', () => {
  it('THEN live reload sees the unchanged article files as unchanged and re-indexes nothing', async () => {
    dir = await makeDataDir();
    await openIndex(dir, { onWarning: () => {}, progress: false }); // builds and saves the cache
    const warnings: string[] = [];
    const index = await openIndex(dir, { onWarning: (w) => warnings.push(w), progress: false });
    expect(warnings).toEqual([]); // loaded from the cache, not rebuilt
    expect(index.corpus.articles.every((a) => a.contentHash)).toBe(true);
    const lines: string[] = [];
    const reload = startLiveReload(index, dir, { log: (line) => lines.push(line) });
    await reload.ready;
    reload.close();
    expect(lines).toEqual([]);
  });
});
