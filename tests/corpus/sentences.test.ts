import { describe, expect, it } from 'vitest';
import { splitSentences, splitStatements } from '../../src/corpus/sentences.js';

const texts = (t: string) => splitSentences(t).map((s) => s.text);

describe('splitSentences', () => {
  it('GIVEN titles and abbreviations THEN does not split after them', () => {
    expect(texts('Mr. Smith met Dr. Jones in the U.S. on Monday. Then Ms. Lee left.')).toEqual([
      'Mr. Smith met Dr. Jones in the U.S. on Monday.',
      'Then Ms. Lee left.',
    ]);
    expect(texts('He lives at No. 5 Main Street. It is old.')).toEqual(['He lives at No. 5 Main Street.', 'It is old.']);
    expect(texts('John F. Kennedy spoke. People listened.')).toEqual(['John F. Kennedy spoke.', 'People listened.']);
  });

  it('GIVEN numbers with separators and dates THEN keeps them whole', () => {
    expect(texts('It cost 1,000 or 2.4 dollars on 06/21. Prices rose.')).toEqual(['It cost 1,000 or 2.4 dollars on 06/21.', 'Prices rose.']);
  });

  it('GIVEN a quotation of several sentences THEN each is a sentence, and the whole with its attribution is a statement', () => {
    const t = 'He spoke. “Currently, the ratio is 99 cars per 1,000 people. I believe it can grow. Therefore, I hope,” Agus said. He left.';
    expect(texts(t)).toEqual([
      'He spoke.',
      '“Currently, the ratio is 99 cars per 1,000 people.',
      'I believe it can grow.',
      'Therefore, I hope,” Agus said.',
      'He left.',
    ]);
    const statements = splitStatements(t);
    expect(statements.map((s) => s.text)).toEqual(['“Currently, the ratio is 99 cars per 1,000 people. I believe it can grow. Therefore, I hope,” Agus said.']);
    expect(t.slice(statements[0]!.start, statements[0]!.end)).toBe(statements[0]!.text);
  });

  it('GIVEN quotations in odd spacing and nesting THEN every statement starts at a sentence and ends at a later one', () => {
    for (const t of [
      '  “One.   Two,”  he said.  “Three. Four.” ',
      '“A ‘quoted’ word. Then more.” She left. “Again. And again,” Mr. Li said.',
      'He said: "First part. Second part." Done.',
    ]) {
      const sentences = splitSentences(t);
      expect(splitStatements(t).length).toBeGreaterThan(0);
      for (const s of splitStatements(t)) {
        const first = sentences.findIndex((x) => x.start === s.start);
        const last = sentences.findIndex((x) => x.end === s.end);
        expect(first).toBeGreaterThanOrEqual(0);
        expect(last).toBeGreaterThan(first);
      }
    }
  });

  it('GIVEN a quotation within one sentence THEN it is no statement of its own', () => {
    expect(splitStatements('“We agree,” he said. It ended.')).toEqual([]);
  });

  it('GIVEN apostrophes that look like closing quotes THEN they do not confuse quote tracking', () => {
    expect(texts('Japan’s companies’ investments grew. “We agree,” he said. It ended.')).toEqual([
      'Japan’s companies’ investments grew.',
      '“We agree,” he said.',
      'It ended.',
    ]);
  });

  it('GIVEN a quote that never closes THEN falls back to plain sentence boundaries', () => {
    expect(texts('“This never closes. Second sentence. Third one.')).toHaveLength(3);
    expect(splitStatements('“This never closes. Second sentence. Third one.')).toEqual([]);
  });

  it('GIVEN a dateline with a dash THEN the dateline stays in the first sentence', () => {
    expect(texts('Heaptalk, Jakarta — The minister met his counterpart. They talked.')).toEqual([
      'Heaptalk, Jakarta — The minister met his counterpart.',
      'They talked.',
    ]);
  });

  it('GIVEN any text THEN offsets point at the sentence text', () => {
    const t = '  First one.  Second one!   Third? ';
    for (const s of splitSentences(t)) expect(t.slice(s.start, s.end)).toBe(s.text);
  });
});
