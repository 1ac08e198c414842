/**
 * Regression trees over binned columns, as the answer model's reranker uses them (fitted by
 * src/train/gbdt.ts): reading a candidate's features into bins, and summing the trees' values.
 */

/** One regression tree, as flat arrays: an inner node sends a row left when its column's bin ≤ bin; a leaf has column -1. */
export interface Tree {
  column: Int32Array;
  bin: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

export interface Booster {
  /** Columns per row. */
  width: number;
  trees: Tree[];
}

export interface DenseColumns {
  /** The feature bucket each column reads. */
  buckets: Uint32Array;
  /** Per column, the ascending value edges: bin b holds values v with edges[b-1] < v ≤ edges[b]. */
  edges: Float64Array[];
}

/** Each bucket's column: the position of the bucket in `buckets`. */
export function columnIndex(buckets: Uint32Array): Map<number, number> {
  return new Map([...buckets].map((b, c) => [b, c]));
}

/** The bin of value v among ascending edges (at most 255). */
export function binOf(edges: Float64Array, v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(lo, 255);
}

/** The tree's value for the row starting at `base` of a row-major bin matrix. */
export function treeValue(tree: Tree, rows: Uint8Array, base: number): number {
  let n = 0;
  while (tree.column[n]! >= 0) n = rows[base + tree.column[n]!]! <= tree.bin[n]! ? tree.left[n]! : tree.right[n]!;
  return tree.value[n]!;
}

/** The booster's score of row k of a binned matrix. */
export function boosterScore(booster: Booster, rows: Uint8Array, k: number): number {
  let sum = 0;
  for (const tree of booster.trees) sum += treeValue(tree, rows, k * booster.width);
  return sum;
}
