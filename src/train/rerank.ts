import { reranker, STAGE_ONE_BUCKETS, stageOneFeatures, type Reranker } from '../qa/rerank.js';
import { ExampleStore } from './examples.js';
import { fitRanker } from './fit.js';
import { binnedRows, densestColumns, fitBooster } from './gbdt.js';

/**
 * Each question's best `keep` candidates under `score`, in order, each with the first ranker's standing as
 * four more features: its logit, its gap to the best logit, its rank and its softmax probability.
 */
export function bestCandidates(store: ExampleStore, score: (k: number) => number, keep: number): ExampleStore {
  const out = new ExampleStore(1 << 23);
  for (let q = 0; q < store.questions; q++) {
    const from = store.questionStart[q]!;
    const to = store.questionStart[q + 1]!;
    const scored: Array<{ k: number; s: number }> = [];
    for (let k = from; k < to; k++) scored.push({ k, s: score(k) });
    scored.sort((a, b) => b.s - a.s || a.k - b.k);
    const top = scored[0]?.s ?? 0;
    let partition = 0;
    for (const { k, s } of scored) partition += Math.exp(s + store.offset[k]! - top);
    out.startQuestion();
    scored.slice(0, keep).forEach(({ k, s }, rank) => {
      out.copy(store, k, stageOneFeatures(s, top, rank, Math.exp(s - top) / partition));
    });
    out.endQuestion();
  }
  return out;
}

/** The questions of several stores, one after another, in one store. */
export function joinStores(stores: readonly ExampleStore[]): ExampleStore {
  const out = new ExampleStore(1 << 23);
  for (const store of stores) {
    for (let q = 0; q < store.questions; q++) {
      out.startQuestion();
      for (let k = store.questionStart[q]!; k < store.questionStart[q + 1]!; k++) out.copy(store, k, []);
      out.endQuestion();
    }
  }
  return out;
}

/** The reranker's shape; `npm run compare:rankers` measured it (60 and all 442 training articles). */
export const RERANKER_SHAPE = { keep: 10, columns: 128, trees: 200, depth: 6, learningRate: 0.1, lambda: 1, subsample: 0.5 } as const;

export interface RerankerOptions {
  buckets: number;
  epochs: number;
  seed: number;
  expectedF1: number;
  trees?: number;
  columns?: number;
  onTree?: (tree: number, loss: number) => void;
}

/**
 * Fits the trees that rerank the log-linear ranker's best candidates, on scores the ranker gives questions
 * it was not fitted on: a ranker is fitted on each of two halves of the training articles, each half's
 * questions are scored by the other half's ranker, and the trees learn from those questions' best few.
 */
export function fitReranker(halves: readonly [ExampleStore, ExampleStore], options: RerankerOptions): Reranker {
  const { keep, depth, learningRate, lambda, subsample } = RERANKER_SHAPE;
  const ranker = { buckets: options.buckets, epochs: options.epochs, seed: options.seed, expectedF1: options.expectedF1 };
  const halfWeights = halves.map((half) => fitRanker(half, ranker));
  const outOfFold = joinStores(halves.map((half, i) => bestCandidates(half, (k) => half.score(halfWeights[1 - i]!, k), keep)));
  const columns = densestColumns(outOfFold, options.columns ?? RERANKER_SHAPE.columns, Object.values(STAGE_ONE_BUCKETS));
  const booster = fitBooster(outOfFold, binnedRows(outOfFold, columns), columns.buckets.length, {
    trees: options.trees ?? RERANKER_SHAPE.trees, depth, learningRate, lambda, subsample, expectedF1: options.expectedF1, seed: options.seed,
    ...(options.onTree ? { onTree: options.onTree } : {}),
  });
  return reranker(keep, columns, booster);
}
