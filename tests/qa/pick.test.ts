import { describe, expect, it } from 'vitest';
import { EXPECTED_F1_DECODING, pickWinner } from '../../src/qa/pick.js';

describe('picking the winner from the scores', () => {
  const answers = ['Ken Saito', 'Agus Gumiwang Kartasasmita', 'Minister Agus Gumiwang Kartasasmita', 'Agus Gumiwang'];

  it('GIVEN no decoding THEN the best score wins, a tie going to the earlier candidate', () => {
    expect(pickWinner(answers, [0.2, 1, 0.9, 0.8])).toBe(1);
    expect(pickWinner(answers, [1, 1, 0, 0])).toBe(0);
    expect(pickWinner([], [])).toBe(-1);
  });

  it('GIVEN a lone candidate, or one far ahead of the rest THEN expected F1 picks it as the best score does', () => {
    expect(pickWinner(['Ken Saito'], [-3], EXPECTED_F1_DECODING)).toBe(0);
    expect(pickWinner(answers, [5, 0.5, 0.4, 0.3], EXPECTED_F1_DECODING)).toBe(0);
  });

  it('GIVEN one answer a little ahead and an overlapping one that the others agree with THEN the agreed one wins', () => {
    // "Ken Saito" has 0.4 of the probability; the three spans naming Agus share 0.6 between them.
    const logits = [Math.log(0.4), Math.log(0.35), Math.log(0.15), Math.log(0.1)];
    expect(pickWinner(answers, logits)).toBe(0);
    expect(pickWinner(answers, logits, EXPECTED_F1_DECODING)).toBe(1);
  });

  it('GIVEN the same answer found in several sentences THEN their probabilities add up', () => {
    const found = ['Jakarta', 'Tokyo', 'Jakarta'];
    expect(pickWinner(found, [Math.log(0.3), Math.log(0.4), Math.log(0.3)], EXPECTED_F1_DECODING)).toBe(0);
  });

  it('GIVEN a span that overlaps everything but scores far below the best THEN it never wins', () => {
    const spans = ['Agus', 'Gumiwang', 'Kartasasmita', 'Agus Gumiwang Kartasasmita'];
    // The whole name shares words with all three, but has under half the best's probability.
    const logits = [Math.log(0.3), Math.log(0.3), Math.log(0.3), Math.log(0.1)];
    expect(pickWinner(spans, logits, EXPECTED_F1_DECODING)).toBe(0);
    expect(pickWinner(spans, logits, { ...EXPECTED_F1_DECODING, within: Infinity })).toBe(3);
  });

  it('GIVEN more candidates than the decoding reads THEN only the best `top` count', () => {
    const many = ['Tokyo', ...Array.from({ length: 30 }, () => 'Jakarta')];
    const logits = [0, ...Array.from({ length: 30 }, () => -0.1)];
    expect(pickWinner(many, logits, EXPECTED_F1_DECODING)).toBe(1);
    expect(pickWinner(many, logits, { ...EXPECTED_F1_DECODING, top: 1 })).toBe(0);
  });
});
