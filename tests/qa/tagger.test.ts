import nlp from 'compromise';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';
import { COMPROMISE_BULK_MATCH, parseTerms, type Term } from '../../src/qa/tagger.js';

const termsOf = (document: Term[][]) => document.map((s) => s.map((t) => [t.pre, t.text, t.post, [...t.tags].sort()]));

describe('parseTerms', () => {
  // The tagger skips compromise's phrase chunking for speed; the terms and tags must stay those of a full parse,
  // which a compromise upgrade that moved a tagging rule into another step would break.
  it('GIVEN the bundled article and typed questions THEN the same terms and tags as a full compromise parse', async () => {
    // The bundled article's sentences, as the loader splits them: what the bot tags on first reading.
    const { articles } = await loadCorpus('data');
    const texts = [
      ...articles.flatMap((a) => a.paragraphs.flatMap((p) => p.sentences.map((s) => s.text))),
      'whats the car ratio',
      "who did agus meet and when'll they meet again",
      'In which city did the 2015 Super Bowl take place?',
      'How much did Toyota earn in 2024, in U.S. dollars?',
    ];
    expect(texts.length).toBeGreaterThan(10);
    for (const text of texts) {
      const full = (nlp(text) as unknown as { document: Term[][] }).document;
      expect(termsOf(parseTerms(text)), text).toEqual(termsOf(full));
    }
  });
});

describe('narrowSweepHooks', () => {
  // compromise is handed only the rule hooks a document has (src/qa/sweepHooks.ts); it must tag exactly as with
  // every hook, which an upgrade that made a rule's order or its hooks matter differently would break.
  it('GIVEN the bundled article and typed questions THEN the same terms and tags as compromise\'s own matcher', async () => {
    // The bundled article and the three news articles, paragraph by paragraph: enough text that rules hooked on
    // words as well as on tags fire (the bundled article alone misses a matcher that drops the word hooks).
    const articles = [...(await loadCorpus('data')).articles, ...(await loadCorpus('data/news')).articles];
    const texts = [
      ...articles.flatMap((a) => a.paragraphs.map((p) => p.text)),
      'whats the car ratio', 'who did agus meet and when\'ll they meet again', 'In which city did the 2015 Super Bowl take place?',
      'How much did Toyota earn in 2024, in U.S. dollars?', 'Did 3 of the 12 ministers say "no" on 1/2/2024?',
    ];
    const methods = (nlp.methods() as unknown as { one: { bulkMatch: unknown } }).one;
    const narrowed = methods.bulkMatch;
    expect(narrowed).not.toBe(COMPROMISE_BULK_MATCH);
    try {
      for (const text of texts) {
        methods.bulkMatch = COMPROMISE_BULK_MATCH;
        const reference = termsOf(parseTerms(text));
        methods.bulkMatch = narrowed;
        expect(termsOf(parseTerms(text)), text).toEqual(reference);
      }
    } finally {
      methods.bulkMatch = narrowed;
    }
  });
});
