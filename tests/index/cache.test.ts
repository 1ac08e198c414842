import { mkdir, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachePath, saveIndexCache, writeFileAtomic } from '../../src/index/cache.js';
import { openIndex } from '../../src/index/openIndex.js';
import { ask } from '../../src/qa/ask.js';
import { articleText, makeDataDir, QUESTIONS } from './helpers.js';

let dir: string;
let warnings: string[];
const open = () => openIndex(dir, { onWarning: (m) => warnings.push(m), progress: false });
const answers = (index: Awaited<ReturnType<typeof open>>) => QUESTIONS.map((q) => ask(index, q));

beforeEach(async () => {
  dir = await makeDataDir();
  warnings = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('GIVEN no cache', () => {
  it('THEN the first open builds and saves it with one warning, and the second loads it silently with identical answers', async () => {
    const built = await open();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/no .*index-cache\.json/);
    const saved = JSON.parse(await readFile(cachePath(dir), 'utf8'));
    expect(saved.format).toBe('article-qa-index-cache');
    warnings = [];
    const loaded = await open();
    expect(warnings).toEqual([]);
    expect(answers(loaded)).toEqual(answers(built));
    expect(loaded.corpus.paragraphById.size).toBe(built.corpus.paragraphById.size);
    expect([...loaded.corpus.paragraphById.values()].map((p) => p.sentences.length)).toEqual([...built.corpus.paragraphById.values()].map((p) => p.sentences.length));
  });
});

describe('GIVEN a saved cache', () => {
  beforeEach(async () => {
    await open();
    warnings = [];
  });

  it('WHEN an article changes THEN it is re-read and the answer follows the new text', async () => {
    const file = path.join(dir, 'articles', 'harbour.md');
    await writeFile(file, articleText('Harbour reopens', ['The harbour of Port Amsel reopened on April 9, 2025 after repairs.']));
    const index = await open();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/1 article file changed/);
    expect(ask(index, 'When did the harbour reopen?').answer).toBe('April 9, 2025');
    warnings = [];
    expect(ask(await open(), 'When did the harbour reopen?').answer).toBe('April 9, 2025');
    expect(warnings).toEqual([]);
  });

  it('WHEN the same bytes are written again (new mtime) THEN the index is still right', async () => {
    const file = path.join(dir, 'articles', 'library.md');
    const later = new Date(Date.now() + 5000);
    await utimes(file, later, later);
    const index = await open();
    expect(warnings).toHaveLength(1);
    expect(ask(index, 'How many books does the new wing hold?').answer).toMatch(/^120,000/);
  });

  it('WHEN most articles change THEN it rebuilds with one warning', async () => {
    for (const name of ['harbour.md', 'library.md']) {
      const file = path.join(dir, 'articles', name);
      await writeFile(file, `${await readFile(file, 'utf8')}\nOne more paragraph about the city.\n`);
    }
    const index = await open();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/building the index again/);
    expect(index.corpus.articles).toHaveLength(3);
  });

  it('WHEN the index options change THEN it rebuilds with one warning', async () => {
    const saved = JSON.parse(await readFile(cachePath(dir), 'utf8'));
    saved.fingerprint = 'v0;other';
    await writeFile(cachePath(dir), JSON.stringify(saved));
    await open();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/other index options/);
  });

  it.each([
    ['truncated', (text: string) => text.slice(0, Math.floor(text.length / 2)), /truncated/],
    ['not JSON at all', () => '\u0000\u0001garbage', /truncated or not JSON/],
    ['valid JSON of the wrong shape', () => JSON.stringify({ format: 'article-qa-index-cache', version: 1 }), /malformed/],
    ['an index that disagrees with its corpus', (text: string) => {
      const saved = JSON.parse(text);
      saved.articles[0].paragraphs.pop();
      return JSON.stringify(saved);
    }, /could not be loaded/],
    ['a mangled MiniSearch part', (text: string) => {
      const saved = JSON.parse(text);
      saved.index.index = 'nonsense';
      return JSON.stringify(saved);
    }, /could not be loaded/],
  ])('WHEN the cache is %s THEN one warning, a rebuild, and answers as before', async (_name, mangle, pattern) => {
    const before = answers(await openIndex(dir, { cache: false }));
    await writeFile(cachePath(dir), mangle(await readFile(cachePath(dir), 'utf8')));
    const index = await open();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(pattern);
    expect(answers(index)).toEqual(before);
    // …and the rebuilt cache is good again.
    warnings = [];
    await open();
    expect(warnings).toEqual([]);
  });
});

describe('GIVEN an atomic write', () => {
  it('THEN no temp file is left behind', async () => {
    const index = await open();
    await saveIndexCache(dir, index);
    expect((await readdir(dir)).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('WHEN the rename onto a target fails THEN the temp file is removed and the target is untouched', async () => {
    // The target is a non-empty directory: writing the temp file works, the rename fails.
    const target = path.join(dir, 'blocked');
    await mkdir(path.join(target, 'inside'), { recursive: true });
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect((await readdir(dir)).filter((n) => n.includes('.tmp'))).toEqual([]);
    expect(await readdir(target)).toEqual(['inside']);
  });
});
