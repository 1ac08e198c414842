import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchIndex } from '../../src/index/buildIndex.js';
import { openIndex } from '../../src/index/openIndex.js';
import { ANSWER_SEARCH } from '../../src/index/options.js';
import { rankParagraphs } from '../../src/index/rankParagraphs.js';
import { articleText, makeDataDir } from './helpers.js';

let dir: string;
let index: SearchIndex;
const QUERIES = ['harbour storm', 'Indonesia Japan automotive cooperation', 'minister', 'city library 120,000 books', 'ferry', 'Japanese companies Indonesia human resources', 'nothing-matches-this'];

beforeAll(async () => {
  dir = await makeDataDir();
  // Many paragraphs that all say "city" and "year", so those words are common and the others rare.
  const filler = Array.from({ length: 60 }, (_, i) => `The city grew again this year, district ${i} reported${i % 7 === 0 ? ' near the harbour' : ''}.`);
  await writeFile(path.join(dir, 'articles', 'city.md'), articleText('City notes', filler));
  index = await openIndex(dir, { cache: false });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const boost = ANSWER_SEARCH.boost!;

describe('GIVEN the paragraph ranker', () => {
  it('WHEN every term may nominate THEN it returns exactly MiniSearch OR search: same ids, order and scores', () => {
    for (const q of [...QUERIES, 'city year harbour', 'year']) {
      const ours = rankParagraphs(index.search, q, { boost, maxDriverDf: Infinity });
      const theirs = index.search.search(q, ANSWER_SEARCH).map((r) => ({ id: r.id, score: r.score }));
      expect(ours).toEqual(theirs);
    }
  });

  it('WHEN common terms only score THEN the paragraphs it ranks keep MiniSearch scores and the best ones are found', () => {
    const q = 'city year harbour';
    const full = index.search.search(q, ANSWER_SEARCH);
    const pruned = rankParagraphs(index.search, q, { boost, maxDriverDf: 20 });
    expect(pruned.length).toBeLessThan(full.length);
    const scores = new Map(full.map((r) => [r.id, r.score]));
    for (const hit of pruned) expect(hit.score).toBe(scores.get(hit.id));
    expect(pruned.slice(0, 5).map((h) => h.id)).toEqual(full.slice(0, 5).map((r) => r.id));
  });

  it('WHEN every term is common THEN the rarest one nominates', () => {
    const hits = rankParagraphs(index.search, 'city year', { boost, maxDriverDf: 1 });
    expect(hits.length).toBeGreaterThan(0);
  });

  it('WHEN a filter is given THEN only passing ids are ranked', () => {
    const hits = rankParagraphs(index.search, 'harbour', { boost, filter: (id) => id.startsWith('harbour#') });
    expect(hits.map((h) => h.id)).toEqual(['harbour#p1', 'harbour#p2']);
    expect(rankParagraphs(index.search, 'harbour', { boost }).length).toBeGreaterThan(2);
  });
});
