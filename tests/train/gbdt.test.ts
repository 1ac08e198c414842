import { describe, expect, it } from 'vitest';
import type { QuestionCandidates } from '../../src/qa/modelAnswer.js';
import { ExampleStore } from '../../src/train/examples.js';
import { fitRanker } from '../../src/train/fit.js';
import { boosterScore } from '../../src/qa/trees.js';
import { binnedRows, densestColumns, fitBooster } from '../../src/train/gbdt.js';

const BUCKETS = 16;
/**
 * One question: four candidates with indicator features in buckets 1 and 2 (none, one, the other, both); the
 * answer has feature 1 alone, or, where every candidate has the question's feature 3, feature 2 alone.
 */
function xorQuestion(answerHas: 1 | 2): QuestionCandidates {
  const features = [[], [1], [2], [1, 2]].map((own) => (answerHas === 2 ? [...own, 3] : own)).map((hashes) => ({ hashes, values: hashes.map(() => 1) }));
  const answer = answerHas === 1 ? 1 : 2;
  return { candidates: features.map((f, i) => ({ answer: i === answer ? 'the answer' : `wrong ${i}`, features: f })) } as unknown as QuestionCandidates;
}

describe('gradient-boosted trees over candidates (npm run compare:rankers)', () => {
  const store = new ExampleStore(BUCKETS);
  // Which feature marks the answer depends on the question's feature 3: an interaction, which no weighted sum of
  // the features can rank first in both kinds of question (3 is the same for all of a question's candidates).
  // Three questions in four of the first kind, so that feature 1 alone already tells something (a greedy tree's first split needs that).
  for (let i = 0; i < 40; i++) store.add(xorQuestion(i % 4 === 0 ? 2 : 1), ['the answer']);

  /** How many questions get their answer ranked first by a scorer of candidate k. */
  const rightFirst = (score: (k: number) => number) => {
    let right = 0;
    for (let q = 0; q < store.questions; q++) {
      const from = store.questionStart[q]!;
      const scores = [0, 1, 2, 3].map((i) => score(from + i));
      right += store.em[from + scores.indexOf(Math.max(...scores))]!;
    }
    return right;
  };

  it('GIVEN an answer marked by an interaction of features THEN the log-linear ranker misses the rarer kind of question', () => {
    const weights = fitRanker(store, { buckets: BUCKETS, epochs: 20, seed: 1 });
    expect(rightFirst((k) => store.score(weights, k))).toBe(30);
  });

  it('GIVEN an answer marked by an interaction of features THEN the trees rank it first in every question', () => {
    const columns = densestColumns(store, 8);
    expect([...columns.buckets].sort()).toEqual([1, 2, 3]);
    const rows = binnedRows(store, columns);
    const booster = fitBooster(store, rows, columns.buckets.length, { trees: 30, depth: 2, learningRate: 0.3, lambda: 1, subsample: 1, expectedF1: 0, seed: 1 });
    expect(rightFirst((k) => boosterScore(booster, rows, k))).toBe(40);
  });
});
