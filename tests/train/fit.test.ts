import { describe, expect, it } from 'vitest';
import type { QuestionCandidates } from '../../src/qa/modelAnswer.js';
import { ExampleStore } from '../../src/train/examples.js';
import { AVERAGE_SEED_STEP, fitAveragedRanker, fitRanker, positives } from '../../src/train/fit.js';

const BUCKETS = 16;
/** A question whose candidates each carry one feature: its bucket number. */
function found(answers: [string, number][]): QuestionCandidates {
  return { candidates: answers.map(([answer, bucket]) => ({ answer, features: { hashes: [bucket], values: [1] } })) } as unknown as QuestionCandidates;
}

describe('fitting the ranker', () => {
  const store = new ExampleStore(BUCKETS);
  // The exact answer (bucket 1), a near miss sharing most of its words (bucket 2) and an unrelated span (bucket 3).
  for (let i = 0; i < 20; i++) store.add(found([['the director general level', 1], ['director general', 2], ['Tokyo', 3]]), ['the director general level']);

  it('GIVEN exact and partial matches THEN the exact ones are the positives', () => {
    expect(positives(store, 0)).toEqual([0]);
  });

  it('GIVEN weight on the expected F1 THEN a near miss is ranked further above an unrelated span than the likelihood alone ranks it', () => {
    const likelihood = fitRanker(store, { buckets: BUCKETS, epochs: 3, seed: 1, expectedF1: 0 });
    const withF1 = fitRanker(store, { buckets: BUCKETS, epochs: 3, seed: 1, expectedF1: 8 });
    for (const w of [likelihood, withF1]) expect(w[1]).toBeGreaterThan(w[2]!);
    expect(withF1[2]! - withF1[3]!).toBeGreaterThan(likelihood[2]! - likelihood[3]!);
  });

  it('GIVEN several runs THEN the weights are the mean of the fits in their seeded orders, and one run is the single fit', () => {
    // Questions that pull the shared buckets different ways, so the order they come in matters.
    const mixed = new ExampleStore(BUCKETS);
    for (let i = 0; i < 12; i++) mixed.add(found([['Tokyo', 1 + (i % 3)], ['Jakarta', 4 + (i % 5)], ['Osaka', 1 + (i % 4)]]), [i % 2 ? 'Tokyo' : 'Jakarta']);
    const options = { buckets: BUCKETS, epochs: 2, seed: 5, expectedF1: 8 };
    const fits = [0, 1, 2].map((r) => fitRanker(mixed, { ...options, seed: 5 + AVERAGE_SEED_STEP * r }));
    // Other orders give other weights, or there would be nothing to average.
    expect(fits[1]).not.toEqual(fits[0]);
    const averaged = fitAveragedRanker(mixed, { ...options, runs: 3 });
    for (let b = 0; b < BUCKETS; b++) expect(averaged[b]).toBeCloseTo((fits[0]![b]! + fits[1]![b]! + fits[2]![b]!) / 3, 5);
    expect(fitAveragedRanker(mixed, { ...options, runs: 1 })).toEqual(fits[0]);
  });

  it('GIVEN the same store and seed THEN the same weights', () => {
    expect(fitRanker(store, { buckets: BUCKETS, epochs: 2, seed: 5, expectedF1: 8 })).toEqual(fitRanker(store, { buckets: BUCKETS, epochs: 2, seed: 5, expectedF1: 8 }));
  });
});
