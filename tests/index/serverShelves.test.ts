/**
 * Server folders (`DATA_DIR/servers/<id>/articles/`) in the persistent index cache and in live reload:
 * a warm start loads them from the cache, a changed or deleted server folder is picked up, and deleting
 * a server's folder while the bot runs removes its articles at the next reload.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ownerOf } from '../../src/corpus/scope.js';
import { startLiveReload } from '../../src/index/liveReload.js';
import { openIndex } from '../../src/index/openIndex.js';
import { articleText, makeDataDir } from './helpers.js';

const A = '600000000000000001';
const B = '600000000000000002';
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function serverArticle(dir: string, server: string, name: string, title: string, text: string): Promise<void> {
  await mkdir(path.join(dir, 'servers', server, 'articles'), { recursive: true });
  await writeFile(path.join(dir, 'servers', server, 'articles', name), articleText(title, [text]));
}

const serverIds = (ids: Iterable<string>) => [...ids].filter((id) => ownerOf(id)).sort();

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!check()) throw new Error(`timed out waiting until ${what}`);
}

describe('GIVEN server folders beside the library', () => {
  it('WHEN the index opens twice THEN the second start loads server articles from the cache; a deleted server folder is gone at the next start', async () => {
    const dir = await makeDataDir();
    dirs.push(dir);
    await serverArticle(dir, A, 'ferry.md', 'Ferry timetable', 'The ferry runs every 40 minutes from June.');
    await serverArticle(dir, B, 'ferry.md', 'Ferry timetable', 'The ferry runs every 40 minutes from June.');
    const warnings: string[] = [];
    const cold = await openIndex(dir, { onWarning: (m) => warnings.push(m) });
    expect(serverIds(cold.corpus.articleById.keys())).toEqual([`${A}/ferry`, `${B}/ferry`]);
    expect(warnings).toHaveLength(1); // no cache yet: built and saved

    const warm = await openIndex(dir, { onWarning: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1); // loaded as it was saved, no rebuild
    expect(serverIds(warm.corpus.articleById.keys())).toEqual([`${A}/ferry`, `${B}/ferry`]);
    expect(warm.corpus.articleById.get(`${A}/ferry`)!.file).toBe(path.join(dir, 'servers', A, 'articles', 'ferry.md'));

    await rm(path.join(dir, 'servers', A), { recursive: true });
    const after = await openIndex(dir, { onWarning: (m) => warnings.push(m) });
    expect(warnings.at(-1)).toMatch(/1 article file removed since .* was saved; updated the index incrementally/);
    expect(serverIds(after.corpus.articleById.keys())).toEqual([`${B}/ferry`]);
    expect(serverIds(after.corpus.paragraphById.keys())).toEqual([`${B}/ferry#p1`]);
  });

  it('WHEN the bot runs THEN a new server folder is indexed, and deleting a server folder removes its articles', async () => {
    const dir = await makeDataDir();
    dirs.push(dir);
    await serverArticle(dir, A, 'ferry.md', 'Ferry timetable', 'The ferry runs every 40 minutes from June.');
    const index = await openIndex(dir, { cache: false });
    const lines: string[] = [];
    const reload = startLiveReload(index, dir, { log: (l) => lines.push(l), debounceMs: 20 });
    try {
      await reload.ready;
      // A server that had no folder when the bot started.
      await serverArticle(dir, B, 'lighthouse.md', 'Lighthouse', 'The lighthouse keeper retired after 31 years.');
      await until(() => index.corpus.articleById.has(`${B}/lighthouse`), 'the new server folder is indexed');
      await serverArticle(dir, B, 'tram.md', 'Tram', 'The tram line opens in May.');
      await until(() => index.corpus.articleById.has(`${B}/tram`), 'a second article in it is indexed');

      await rm(path.join(dir, 'servers', A), { recursive: true });
      await until(() => !index.corpus.articleById.has(`${A}/ferry`), "server A's deleted folder is dropped");
      expect(serverIds(index.corpus.paragraphById.keys())).toEqual([`${B}/lighthouse#p1`, `${B}/tram#p1`]);
      expect(lines.join('\n')).toContain(`-${A}/ferry`);
      expect(index.corpus.articleById.has('harbour')).toBe(true);
    } finally {
      reload.close();
    }
  });
});
