/**
 * Scopes inside the index: the library plus one server's own articles, applied where the search happens
 * (the paragraph ranker, term statistics, MiniSearch's filter), never afterwards.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIBRARY, ownerOf } from '../../src/corpus/scope.js';
import { readArticles } from '../../src/corpus/loadCorpus.js';
import type { SearchIndex } from '../../src/index/buildIndex.js';
import { openIndex } from '../../src/index/openIndex.js';
import { ANSWER_SEARCH } from '../../src/index/options.js';
import { rankParagraphs } from '../../src/index/rankParagraphs.js';
import { termStatsIn } from '../../src/index/scopeStats.js';
import { computeTermStats } from '../../src/index/termStats.js';
import { articlesIn, passageIn, searchPassages, suggest } from '../../src/index/searchPassages.js';
import { updateIndex } from '../../src/index/updateIndex.js';
import { ask } from '../../src/qa/ask.js';
import { articleText, makeDataDir } from './helpers.js';

const A = '500000000000000001';
const B = '500000000000000002';
const boost = ANSWER_SEARCH.boost!;
const FERRY = [
  'The ferry from Lindholm to Osterby will run every 40 minutes from June, the transport board said on Tuesday.',
  'Captain Ilse Marten said the new ferry carries 300 passengers and 60 cars.',
];

let dir: string;
let soloDir: string;
let index: SearchIndex;
/** Library + server A alone: what A's scope must rank exactly like. */
let solo: SearchIndex;

async function shelf(root: string, server: string, name: string, text: string): Promise<void> {
  await mkdir(path.join(root, 'servers', server, 'articles'), { recursive: true });
  await writeFile(path.join(root, 'servers', server, 'articles', name), text);
}

beforeAll(async () => {
  dir = await makeDataDir();
  soloDir = await makeDataDir();
  for (const root of [dir, soloDir]) await shelf(root, A, 'ferry.md', articleText('Ferry timetable', FERRY));
  // Server B adds the same article (same file name), and floods the index with the question's words:
  // 700 paragraphs about the ferry, so "ferry" is in far more than the ranker's 500-paragraph driver limit.
  await shelf(dir, B, 'ferry.md', articleText('Ferry timetable', FERRY));
  const flood = Array.from({ length: 700 }, (_, i) => `The new ferry that carries passengers and cars was late again on day ${i}, the captain said.`);
  await shelf(dir, B, 'flood.md', articleText('Ferry complaints', flood));
  index = await openIndex(dir, { cache: false });
  solo = await openIndex(soloDir, { cache: false });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(soloDir, { recursive: true, force: true });
});

describe('GIVEN the library and two servers with articles of the same name', () => {
  it('THEN each server article has its own id, and owners are read off ids', () => {
    expect(index.corpus.articleById.has(`${A}/ferry`)).toBe(true);
    expect(index.corpus.articleById.has(`${B}/ferry`)).toBe(true);
    expect(ownerOf(`${A}/ferry#p2`)).toBe(A);
    expect(ownerOf('harbour#p1')).toBeUndefined();
    expect(articlesIn(index, { server: A }).map((a) => a.id)).toEqual(['harbour', 'indonesia-japan-automotive', 'library', `${A}/ferry`]);
    expect(articlesIn(index, LIBRARY).map((a) => a.id)).toEqual(['harbour', 'indonesia-japan-automotive', 'library']);
  });

  it("WHEN server A asks THEN the ranker returns only the library's and A's paragraphs, with exactly the scores of an index holding nothing else", () => {
    for (const q of ['ferry passengers cars', 'How many passengers does the new ferry carry?', 'harbour storm', 'captain said']) {
      const scoped = rankParagraphs(index.search, q, { boost, scope: { server: A } });
      const alone = rankParagraphs(solo.search, q, { boost, scope: { server: A } });
      expect(scoped.map((h) => h.id)).toEqual(alone.map((h) => h.id));
      scoped.forEach((h, i) => expect(h.score).toBeCloseTo(alone[i]!.score, 9));
      for (const hit of scoped) expect([undefined, A]).toContain(ownerOf(hit.id));
    }
  });

  it("WHEN B's 700 paragraphs make the question's words common THEN A's answer is neither crowded out nor reweighed", () => {
    // Over the whole index every word of the question is in more paragraphs than the ranker's driver limit (500).
    for (const key of ['ferri', 'passeng', 'new', 'carri']) expect(index.stats.df(key)).toBeGreaterThan(500);
    const q = 'How many passengers does the new ferry carry?';
    // Filtering after scoring (MiniSearch's filter) keeps A's paragraphs but scores them with B's statistics.
    const filtered = index.search.search(q, { ...ANSWER_SEARCH, filter: (r) => ownerOf(String(r.id)) !== B });
    const alone = rankParagraphs(solo.search, q, { boost, maxDriverDf: Infinity, scope: { server: A } });
    expect(filtered.find((r) => r.id === `${A}/ferry#p2`)!.score).not.toBeCloseTo(alone.find((h) => h.id === `${A}/ferry#p2`)!.score, 3);
    const answer = ask(index, q, { scope: { server: A } });
    expect(answer).toEqual(ask(solo, q, { scope: { server: A } }));
    expect(answer.answer).toMatch(/^300/);
    expect(answer.citations[0]!.id).toBe(`${A}/ferry#p2`);
    for (const c of [...answer.citations, ...answer.more]) expect([undefined, A]).toContain(ownerOf(c.id));
  });

  it('WHEN the library alone asks (a DM, the terminal) THEN no server paragraph is ranked, found or cited', () => {
    expect(rankParagraphs(index.search, 'ferry passengers', { boost })).toEqual([]);
    expect(rankParagraphs(index.search, 'ferry passengers', { boost, scope: LIBRARY })).toEqual([]);
    const answer = ask(index, 'How many passengers does the new ferry carry?');
    expect([...answer.citations, ...answer.more].filter((c) => ownerOf(c.id))).toEqual([]);
    expect(searchPassages(index, 'ferry').total).toBe(0);
    expect(suggest(index, 'ferr')).toEqual([]);
    expect(passageIn(index, `${A}/ferry#p1`)).toBeUndefined();
  });

  it("THEN term statistics are the scope's own", () => {
    const stats = termStatsIn(index, { server: A });
    const expected = computeTermStats({ ...index.corpus, articles: articlesIn(index, { server: A }) });
    expect(stats.paragraphCount).toBe(expected.paragraphCount);
    for (const key of ['ferri', 'passeng', 'harbour', 'captain', 'nosuchterm']) expect(stats.df(key)).toBe(expected.df(key));
    expect(termStatsIn(solo, { server: A })).toBe(solo.stats);
  });

  it("THEN /search, suggestions and passages see A's copy from A, B's from B, never the other's", () => {
    const fromA = searchPassages(index, 'ferry', { scope: { server: A }, limit: 25 });
    expect(fromA.hits.map((h) => h.paragraph.id).sort()).toEqual([`${A}/ferry#p1`, `${A}/ferry#p2`]);
    const fromB = searchPassages(index, 'ferry Lindholm', { scope: { server: B }, limit: 25 });
    expect(fromB.hits.map((h) => h.paragraph.id)).toEqual([`${B}/ferry#p1`]);
    expect(suggest(index, 'ferr', 25, { server: A }).every((s) => s.paragraphId.startsWith(`${A}/`))).toBe(true);
    expect(suggest(index, '', 25, { server: B }).some((s) => s.paragraphId.startsWith(`${A}/`))).toBe(false);
    expect(passageIn(index, `${A}/ferry#p1`, { server: A })?.paragraph.text).toBe(FERRY[0]);
    expect(passageIn(index, `${A}/ferry#p1`, { server: B })).toBeUndefined();
  });

  it('WHEN a server article is added and removed in place THEN the next ranking sees it, then does not', async () => {
    const name = 'lighthouse.md';
    await shelf(dir, A, name, articleText('Lighthouse', ['The Skarv lighthouse keeper Oda Rinne retired after 31 years.']));
    const { articles } = await readArticles(dir, [`servers/${A}/articles/${name}`]);
    expect(articles[0]!.id).toBe(`${A}/lighthouse`);
    updateIndex(index, { added: articles });
    expect(rankParagraphs(index.search, 'lighthouse keeper', { boost, scope: { server: A } }).map((h) => h.id)).toEqual([`${A}/lighthouse#p1`]);
    expect(rankParagraphs(index.search, 'lighthouse keeper', { boost, scope: { server: B } })).toEqual([]);
    updateIndex(index, { removed: [`${A}/lighthouse`] });
    expect(rankParagraphs(index.search, 'lighthouse keeper', { boost, scope: { server: A } })).toEqual([]);
  });
});
