import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';
import type { Corpus } from '../../src/corpus/types.js';
import { readGoldSet, type GoldSet } from '../../src/qa/goldSet.js';

/**
 * The paraphrase sets are measurement data (docs/quality.md, "Paraphrase sets"). These tests check the data
 * is sound: that it parses, that every accepted answer is really in its paragraph, that there is enough of
 * it, and that it is new. They do not assert the bot's score: that is what `npm run gold` reports.
 */
interface Loaded {
  file: string;
  set: GoldSet;
}

const normalizeSpace = (text: string) => text.replace(/\s+/g, ' ').trim();
/** Questions compared as a person would: case, punctuation and spacing do not make a question new. */
const questionKey = (q: string) => q.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

async function loadSets(dir: string): Promise<Loaded[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(files.map(async (file) => ({ file: path.join(dir, file), set: await readGoldSet(path.join(dir, file)) })));
}

let library: Corpus;
let news: Corpus;
let paraphrase: Loaded[];
let newsSets: Loaded[];
let gold: Loaded[];

beforeAll(async () => {
  [library, news, paraphrase, newsSets, gold] = await Promise.all([
    loadCorpus('data'),
    loadCorpus('data/news'),
    loadSets('data/paraphrase'),
    loadSets('data/news/gold'),
    loadSets('data/gold'),
  ]);
});

describe.each([
  { name: 'paraphrase (bundled article)', sets: () => paraphrase, corpus: () => library, minimum: 40 },
  { name: 'news', sets: () => newsSets, corpus: () => news, minimum: 30 },
])('the $name paraphrase sets', ({ sets, corpus, minimum }) => {
  it('GIVEN the files THEN each parses and is about an article of its own corpus, which loads without errors', () => {
    expect(sets().length).toBeGreaterThan(0);
    expect(corpus().errors).toEqual([]);
    for (const { file, set } of sets()) expect(corpus().articleById.has(set.article), file).toBe(true);
  });

  it(`GIVEN all their questions THEN there are at least ${minimum}, about a tenth of them unanswerable`, () => {
    const questions = sets().flatMap(({ set }) => set.questions);
    const unanswerable = questions.filter((q) => !q.answers).length;
    expect(questions.length).toBeGreaterThanOrEqual(minimum);
    expect(unanswerable / questions.length).toBeGreaterThanOrEqual(0.05);
    expect(unanswerable / questions.length).toBeLessThanOrEqual(0.2);
  });

  it('GIVEN every answerable question THEN it names its paragraph and each accepted answer is a verbatim span of it', () => {
    const wrong: string[] = [];
    for (const { file, set } of sets()) {
      const article = corpus().articleById.get(set.article)!;
      for (const q of set.questions) {
        if (!q.answers) continue;
        const paragraph = q.paragraph === undefined ? undefined : article.paragraphs[q.paragraph - 1];
        if (!paragraph) {
          wrong.push(`${file}: "${q.question}" has no paragraph ${q.paragraph}`);
          continue;
        }
        const text = normalizeSpace(paragraph.text);
        for (const a of q.answers) if (!text.includes(normalizeSpace(a))) wrong.push(`${file}: "${q.question}": "${a}" is not in paragraph ${q.paragraph}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('GIVEN their questions THEN none repeats a data/gold question or another paraphrase question', () => {
    const goldKeys = new Set(gold.flatMap(({ set }) => set.questions.map((q) => questionKey(q.question))));
    const seen = new Set<string>();
    for (const { file, set } of sets()) {
      for (const q of set.questions) {
        const key = questionKey(q.question);
        expect(goldKeys.has(key), `${file}: "${q.question}" is in data/gold`).toBe(false);
        expect(seen.has(key), `${file}: "${q.question}" appears twice`).toBe(false);
        seen.add(key);
      }
    }
  });
});

describe('the news articles', () => {
  it('GIVEN each article THEN it is a Wikinews article credited in data/news/ATTRIBUTION.md with its URL and licence', async () => {
    const attribution = await readFile('data/news/ATTRIBUTION.md', 'utf8');
    expect(attribution).toContain('Creative Commons Attribution 2.5');
    expect(news.articles.length).toBeGreaterThanOrEqual(2);
    for (const article of news.articles) {
      expect(article.url, article.id).toMatch(/^https:\/\/en\.wikinews\.org\/wiki\//);
      expect(attribution, article.id).toContain(article.url!);
      expect(attribution, article.id).toContain(`${article.id}.md`);
      expect(article.paragraphs.length, article.id).toBeGreaterThanOrEqual(6);
      expect(article.paragraphs.length, article.id).toBeLessThanOrEqual(20);
    }
  });

  it('GIVEN the library THEN none of the news articles is in it (they are measured, not bundled)', () => {
    for (const article of news.articles) expect(library.articleById.has(article.id), article.id).toBe(false);
  });
});
