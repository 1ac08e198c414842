import { readFile, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readArticles } from '../../src/corpus/loadCorpus.js';
import type { SearchIndex } from '../../src/index/buildIndex.js';
import { openIndex, refreshIndex } from '../../src/index/openIndex.js';
import { ANSWER_SEARCH } from '../../src/index/options.js';
import { computeTermStats } from '../../src/index/termStats.js';
import { updateIndex } from '../../src/index/updateIndex.js';
import { ask } from '../../src/qa/ask.js';
import { articleText, makeDataDir, QUESTIONS } from './helpers.js';

let dir: string;
beforeEach(async () => {
  dir = await makeDataDir();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const QUERIES = ['harbour storm', 'library books wing', 'automotive cooperation Indonesia', 'ferry timetable', 'minister Japan', 'stone 4000'];

/** Everything a caller can observe: ranked results (ties by id), term statistics, corpus order, answers. */
function observe(index: SearchIndex) {
  const round = (x: number) => Math.round(x * 1e9) / 1e9;
  return {
    results: QUERIES.map((q) => index.search.search(q, ANSWER_SEARCH).map((r) => [r.id, round(r.score)] as const).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))),
    df: ['harbour', 'book', 'automot', 'ferri', 'minist', '4000', 'citi'].map((k) => index.stats.df(k)),
    paragraphs: index.stats.paragraphCount,
    articles: index.corpus.articles.map((a) => a.id),
    paragraphIds: [...index.corpus.paragraphById.keys()].sort(),
    answers: [...QUESTIONS, 'When does the ferry leave?'].map((q) => ask(index, q).answer),
  };
}

async function rebuilt(): Promise<SearchIndex> {
  return openIndex(dir, { cache: false });
}

describe('GIVEN an index', () => {
  it('WHEN an article is added, one changed and one removed with updateIndex THEN it observes the same as a full rebuild', async () => {
    const index = await rebuilt();
    await writeFile(path.join(dir, 'articles', 'ferry.md'), articleText('Ferry timetable', ['The ferry to Port Amsel leaves at 7:30 a.m. every day.', 'The harbour master said the storm season ends in May.']));
    await writeFile(path.join(dir, 'articles', 'harbour.md'), articleText('Harbour reopens', ['The harbour reopened on April 9, 2025 after a storm.']));
    await unlink(path.join(dir, 'articles', 'library.md'));
    const { articles } = await readArticles(dir, ['ferry.md', 'harbour.md']);
    const summary = updateIndex(index, { added: [articles[0]!], changed: [articles[1]!], removed: ['library'] });
    expect(summary).toEqual({ removedParagraphs: 4, addedParagraphs: 3 });
    expect(observe(index)).toEqual(observe(await rebuilt()));
  });

  it('WHEN everything is removed and added back THEN it observes the same as before', async () => {
    const index = await rebuilt();
    const before = observe(index);
    const articles = [...index.corpus.articles];
    updateIndex(index, { removed: articles.map((a) => a.id) });
    expect(index.search.documentCount).toBe(0);
    expect(index.stats.df('harbour')).toBe(0);
    updateIndex(index, { added: articles });
    expect(observe(index)).toEqual(before);
  });

  it('WHEN files change on disk THEN refreshIndex re-reads only those and matches a rebuild', async () => {
    const index = await openIndex(dir, { onWarning: () => {}, progress: false });
    expect(await refreshIndex(index, dir)).toEqual({ added: [], changed: [], removed: [] });
    await writeFile(path.join(dir, 'articles', 'ferry.md'), articleText('Ferry timetable', ['The ferry to Port Amsel leaves at 7:30 a.m. every day.']));
    await unlink(path.join(dir, 'articles', 'harbour.md'));
    expect(await refreshIndex(index, dir)).toEqual({ added: ['ferry.md'], changed: [], removed: ['harbour.md'] });
    expect(observe(index)).toEqual(observe(await rebuilt()));
    // …and the saved cache now holds the update: a fresh open loads it silently.
    const warnings: string[] = [];
    const reopened = await openIndex(dir, { onWarning: (m) => warnings.push(m), progress: false });
    expect(warnings).toEqual([]);
    expect(observe(reopened)).toEqual(observe(index));
  });

  it('WHEN an article stops parsing THEN it leaves the index and its error is reported', async () => {
    const index = await openIndex(dir, { onWarning: () => {}, progress: false });
    await writeFile(path.join(dir, 'articles', 'library.md'), 'no front matter here');
    await refreshIndex(index, dir);
    expect(index.corpus.articleById.has('library')).toBe(false);
    expect(index.corpus.errors.map((e) => path.basename(e.file))).toEqual(['library.md']);
    expect(observe(index)).toEqual(observe(await rebuilt()));
  });
});

describe('GIVEN term statistics read from the index', () => {
  it('THEN they equal a separate count over the corpus, word for word', async () => {
    const index = await rebuilt();
    const counted = computeTermStats(index.corpus);
    const text = (await readFile('data/articles/indonesia-japan-automotive.md', 'utf8')) + QUESTIONS.join(' ') + ' 1,000 4,000 120,000 breakwater';
    const keys = new Set(text.toLowerCase().split(/[^a-z0-9,]+/).filter(Boolean));
    const { termKey } = await import('../../src/index/text.js');
    for (const word of keys) expect([word, index.stats.df(termKey(word))]).toEqual([word, counted.df(termKey(word))]);
    expect(index.stats.paragraphCount).toBe(counted.paragraphCount);
  });
});
