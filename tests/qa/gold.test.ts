import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';
import { buildIndex, type SearchIndex } from '../../src/index/buildIndex.js';
import { ask } from '../../src/qa/ask.js';
import { evaluateGold, readGoldSet, type GoldSummary } from '../../src/qa/goldSet.js';

let index: SearchIndex;
let summary: GoldSummary;

beforeAll(async () => {
  index = buildIndex(await loadCorpus('data'));
  summary = evaluateGold(index, await readGoldSet('data/gold/indonesia-japan-automotive.json'));
});

describe('the bundled article, through the same ask() the bot uses', () => {
  it('GIVEN "Who met whom?" THEN names both ministers, joined by the verb, citing paragraph 1 with both in bold', () => {
    const answer = ask(index, 'Who met whom?');
    expect(answer.answer).toBe('Agus Gumiwang Kartasasmita met Ken Saito');
    expect(answer.answerType).toBe('relation');
    const first = answer.citations[0]!;
    expect(first.id).toBe('indonesia-japan-automotive#p1');
    expect(first.highlights.map((h) => first.text.slice(h.start, h.end))).toEqual(['Agus Gumiwang Kartasasmita', 'Ken Saito']);
  });

  it('GIVEN "What ratio was cited?" THEN answers the verbatim ratio from paragraph 3', () => {
    const answer = ask(index, 'What ratio was cited?');
    expect(answer.answer).toBe('99 cars per 1,000 people');
    expect(answer.citations[0]!.id).toBe('indonesia-japan-automotive#p3');
  });

  it('GIVEN any answer THEN it is verbatim text of its first citation, with 1 to 3 citations and a confidence in 0..1', () => {
    for (const { answer } of summary.results) {
      expect(answer.confidence).toBeGreaterThanOrEqual(0);
      expect(answer.confidence).toBeLessThanOrEqual(1);
      if (answer.answer === null) continue;
      expect(answer.citations.length).toBeGreaterThanOrEqual(1);
      expect(answer.citations.length).toBeLessThanOrEqual(3);
      const first = answer.citations[0]!;
      const marked = first.highlights.map((h) => first.text.slice(h.start, h.end));
      if (answer.answerType !== 'relation') {
        expect(marked).toEqual([answer.answer]);
        continue;
      }
      // A relation is two marked spans joined by a verb that stands between them in the passage.
      const [subject, object] = marked as [string, string];
      const verb = answer.answer.slice(subject.length + 1, answer.answer.length - object.length - 1);
      expect(answer.answer).toBe(`${subject} ${verb} ${object}`);
      expect(first.text.slice(first.highlights[0]!.end, first.highlights[1]!.start)).toContain(` ${verb} `);
    }
  });

  it('GIVEN the gold set THEN at least 90% of answerable questions get a correct short answer', () => {
    const wrong = summary.results.filter((r) => r.gold.answers && !r.correct).map((r) => `${r.gold.question} → ${r.answer.answer}`);
    expect(summary.correct / summary.answerable, wrong.join('\n')).toBeGreaterThanOrEqual(0.9);
  });

  it('GIVEN the gold set THEN at least 95% cite the passage holding the answer', () => {
    expect(summary.cited / summary.answerable).toBeGreaterThanOrEqual(0.95);
  });

  it('GIVEN questions the article cannot answer THEN every one is declined', () => {
    const answered = summary.results.filter((r) => !r.gold.answers && !r.correct).map((r) => `${r.gold.question} → ${r.answer.answer}`);
    expect(answered).toEqual([]);
    expect(summary.unanswerable).toBeGreaterThanOrEqual(4);
  });

  it('GIVEN the gold set THEN it covers every answer type', () => {
    const types = new Set(summary.results.map((r) => r.gold.type).filter(Boolean));
    for (const type of ['person', 'relation', 'place', 'date', 'number', 'ratio', 'statement', 'reason', 'phrase']) expect(types).toContain(type);
  });

  it('GIVEN a question with no content words THEN declines without citations', () => {
    expect(ask(index, 'What is it?')).toMatchObject({ answer: null, citations: [] });
  });

  it('GIVEN an article filter THEN only that article is searched', () => {
    expect(ask(index, 'Who met whom?', { articleId: 'some-other-article' }).answer).toBeNull();
  });
});
