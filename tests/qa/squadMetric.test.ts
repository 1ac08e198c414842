import { describe, expect, it } from 'vitest';
import { answerTokens, exactMatch, f1Score, normalizeAnswer } from '../../src/qa/squadMetric.js';

// The whole metric is checked against the published baseline's official scores in tests/eval/baseline.test.ts;
// these are the normalisation's edge cases, as the official script (Python) treats them.
describe('the SQuAD answer normalisation', () => {
  it('GIVEN punctuation, articles and runs of whitespace THEN they go; a word merely starting with an article stays', () => {
    expect(answerTokens('The  "Metro Toronto"\tConvention-Centre.')).toEqual(['metro', 'toronto', 'conventioncentre']);
    expect(answerTokens('an anthem, a theory')).toEqual(['anthem', 'theory']);
    expect(answerTokens('1,000 people')).toEqual(['1000', 'people']);
    expect(answerTokens(' … ')).toEqual(['…']);
    expect(answerTokens('the')).toEqual([]);
  });

  it('GIVEN an article next to a non-ASCII mark THEN it is still a word of its own (Python\'s \\b is Unicode-aware)', () => {
    expect(normalizeAnswer('the’s élan')).toBe('’s élan');
    expect(normalizeAnswer('théâtre')).toBe('théâtre');
  });

  it('GIVEN a prediction and an answer THEN exact match and token F1 on the normalised words', () => {
    expect(exactMatch('The Kennedy Space Center.', 'kennedy space center')).toBe(1);
    expect(f1Score('Agus Gumiwang Kartasasmita', 'Minister Agus Gumiwang Kartasasmita')).toBeCloseTo(6 / 7, 12);
    expect(f1Score('the', 'Tokyo')).toBe(0);
  });
});
