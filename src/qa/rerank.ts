import { binOf, boosterScore, columnIndex, type Booster, type DenseColumns } from './trees.js';

/**
 * The answer model's second stage: trees that rerank the log-linear ranker's best few candidates, reading
 * the densest of their features and what the ranker said of each (its logit, its gap to the best, its
 * rank, its probability). Fitted by `npm run train` on scores the ranker gave questions it was not fitted
 * on; `npm run compare:rankers` measures what it adds.
 */

/** Buckets past every hashed one (2^21): what the first ranker says of a candidate. */
export const STAGE_ONE_BUCKETS = { logit: 1 << 22, gap: (1 << 22) + 1, rank: (1 << 22) + 2, probability: (1 << 22) + 3 } as const;

export interface Reranker {
  /** How many of the ranker's best candidates are reranked. */
  keep: number;
  columns: DenseColumns;
  /** Column of each bucket the columns read. */
  columnOf: Map<number, number>;
  booster: Booster;
}

export function reranker(keep: number, columns: DenseColumns, booster: Booster): Reranker {
  return { keep, columns, booster, columnOf: columnIndex(columns.buckets) };
}

/** What the first ranker says of a candidate, as [bucket, value] pairs: the same in training and answering. */
export function stageOneFeatures(logit: number, top: number, rank: number, probability: number): [number, number][] {
  return [[STAGE_ONE_BUCKETS.logit, logit], [STAGE_ONE_BUCKETS.gap, top - logit], [STAGE_ONE_BUCKETS.rank, rank], [STAGE_ONE_BUCKETS.probability, probability]];
}

/**
 * Writes one candidate's bins at `offset` of `rows`: its features' values summed per column (entries
 * `from` to `to` of parallel bucket and value lists), then binned; a column it lacks is the bin of 0.
 */
export function binInto(
  rows: Uint8Array, offset: number, columns: DenseColumns, columnOf: ReadonlyMap<number, number>,
  index: ArrayLike<number>, value: ArrayLike<number>, from: number, to: number,
): void {
  const width = columns.buckets.length;
  const sums = new Float64Array(width);
  for (let e = from; e < to; e++) {
    const c = columnOf.get(index[e]!);
    if (c !== undefined) sums[c] = sums[c]! + value[e]!;
  }
  for (let c = 0; c < width; c++) rows[offset + c] = binOf(columns.edges[c]!, sums[c]!);
}

/** The trees' score of each of the given candidates (their bucket and value lists, stage-one features included). */
export function rerankScores(r: Reranker, candidates: readonly { index: ArrayLike<number>; value: ArrayLike<number> }[]): number[] {
  const width = r.columns.buckets.length;
  const rows = new Uint8Array(candidates.length * width);
  candidates.forEach((c, i) => binInto(rows, i * width, r.columns, r.columnOf, c.index, c.value, 0, c.index.length));
  return candidates.map((_, i) => boosterScore(r.booster, rows, i));
}
