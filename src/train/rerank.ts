import { ExampleStore } from './examples.js';

/** Buckets past every hashed one (2^21): what the first ranker says of a candidate, for the trees that rerank its best. */
export const STAGE_ONE_BUCKETS = { gap: 1 << 22, rank: (1 << 22) + 1, probability: (1 << 22) + 2, logit: (1 << 22) + 3 } as const;

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
      out.copy(store, k, [
        [STAGE_ONE_BUCKETS.logit, s], [STAGE_ONE_BUCKETS.gap, top - s], [STAGE_ONE_BUCKETS.rank, rank],
        [STAGE_ONE_BUCKETS.probability, Math.exp(s - top) / partition],
      ]);
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
