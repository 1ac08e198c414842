import { mkdir, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/files/writeFileAtomic.js';
import { cachePath, decodeCache, encodeCache, saveIndexCache, type CacheHeader } from '../../src/index/cache.js';
import { openIndex } from '../../src/index/openIndex.js';
import { ANSWER_SEARCH } from '../../src/index/options.js';
import { ask } from '../../src/qa/ask.js';
import { articleText, makeDataDir, QUESTIONS } from './helpers.js';

let dir: string;
let warnings: string[];
const open = () => openIndex(dir, { onWarning: (m) => warnings.push(m), progress: false });
const answers = (index: Awaited<ReturnType<typeof open>>) => QUESTIONS.map((q) => ask(index, q));

/** Decodes a cache file, changes its header, encodes it again. */
function reencode(bytes: Buffer, change: (header: CacheHeader) => unknown): Buffer {
  const decoded = decodeCache(bytes);
  if (!decoded.ok) throw new Error(decoded.reason);
  const { body, ...header } = decoded.data;
  return encodeCache(change(header) as CacheHeader, body);
}

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
    expect(warnings[0]).toMatch(/no .*index-cache\.bin/);
    const saved = decodeCache(await readFile(cachePath(dir)));
    expect(saved.ok && saved.data.format).toBe('article-qa-index-cache');
    warnings = [];
    const loaded = await open();
    expect(warnings).toEqual([]);
    expect(answers(loaded)).toEqual(answers(built));
    // The unpacked MiniSearch index ranks exactly as the built one, and term statistics agree.
    for (const q of ['harbour storm', 'Indonesia automotive 1,000 people', 'library', 'Ken Saito METI', 'zzz']) {
      expect(loaded.search.search(q, ANSWER_SEARCH)).toEqual(built.search.search(q, ANSWER_SEARCH));
      expect(loaded.search.search(q, { prefix: true, fuzzy: 0.2 })).toEqual(built.search.search(q, { prefix: true, fuzzy: 0.2 }));
    }
    for (const key of ['harbour', 'automot', '1000', 'minist']) expect(loaded.stats.df(key)).toBe(built.stats.df(key));
    expect(loaded.search.documentCount).toBe(built.search.documentCount);
    expect(loaded.search.termCount).toBe(built.search.termCount);
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
    await writeFile(cachePath(dir), reencode(await readFile(cachePath(dir)), (h) => ({ ...h, fingerprint: 'v0;other' })));
    await open();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/other index options/);
  });

  it.each([
    ['truncated', (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.length / 2)), /truncated/],
    ['cut inside its header', (bytes: Buffer) => bytes.subarray(0, 40), /truncated/],
    ['not a cache file at all', () => Buffer.from('\u0000\u0001garbage'), /not an index cache file/],
    ['a header of the wrong shape', (bytes: Buffer) => reencode(bytes, (h) => ({ ...h, articles: 'none' })), /malformed/],
    ['an index that disagrees with its corpus', (bytes: Buffer) => reencode(bytes, (h) => {
      h.articles[0]!.paragraphs.pop();
      return h;
    }), /could not be loaded/],
    ['an index part that does not add up', (bytes: Buffer) => reencode(bytes, (h) => ({ ...h, index: { ...h.index, terms: h.index.terms.slice(1) } })), /could not be loaded/],
  ])('WHEN the cache is %s THEN one warning, a rebuild, and answers as before', async (_name, mangle, pattern) => {
    const before = answers(await openIndex(dir, { cache: false }));
    await writeFile(cachePath(dir), mangle(await readFile(cachePath(dir))));
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
