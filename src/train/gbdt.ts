import { mulberry32 } from '../bench/random.js';
import type { ExampleStore } from './examples.js';
import { positives } from './fit.js';
import { binInto } from '../qa/rerank.js';
import { columnIndex, treeValue, type Booster, type DenseColumns, type Tree } from '../qa/trees.js';

/**
 * Gradient-boosted trees over a question's candidates, for the comparison with the log-linear ranker
 * (`npm run compare:rankers`): the same softmax over each question's candidates and the same loss
 * (likelihood of the exact answers plus weighted expected F1), but the score is a sum of regression trees
 * over dense columns instead of a weighted sum of hashed features. Histogram splits and Newton leaf
 * values, as LightGBM and XGBoost fit them; small and single-threaded, since no maintained GBDT library
 * runs in Node without a native build.
 */

/** The `count` buckets that occur in most candidates of the store (and every bucket of `always`), with bin edges from their values. */
export function densestColumns(store: ExampleStore, count: number, always: readonly number[] = [], bins = 32): DenseColumns {
  const seen = new Map<number, number>();
  for (let e = 0; e < store.entries; e++) seen.set(store.index[e]!, (seen.get(store.index[e]!) ?? 0) + 1);
  const densest = [...seen.entries()].filter(([b]) => !always.includes(b)).sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, count).map(([b]) => b);
  const buckets = Uint32Array.from([...always, ...densest]);
  const column = columnIndex(buckets);
  const values: number[][] = buckets.length ? Array.from(buckets, () => []) : [];
  // Every 7th entry is enough to place the edges.
  for (let e = 0; e < store.entries; e += 7) {
    const c = column.get(store.index[e]!);
    if (c !== undefined) values[c]!.push(store.value[e]!);
  }
  const edges = values.map((v) => {
    v.push(0);
    v.sort((a, b) => a - b);
    const cuts = new Set<number>();
    for (let q = 0; q <= bins; q++) cuts.add(v[Math.min(v.length - 1, Math.floor((q * (v.length - 1)) / bins))]!);
    return Float64Array.from([...cuts].sort((a, b) => a - b));
  });
  return { buckets, edges };
}

/** The store's candidates as a row-major matrix of bin numbers (a feature absent from a candidate is 0). */
export function binnedRows(store: ExampleStore, columns: DenseColumns): Uint8Array {
  const width = columns.buckets.length;
  const columnOf = columnIndex(columns.buckets);
  const rows = new Uint8Array(store.candidates * width);
  for (let k = 0; k < store.candidates; k++) {
    binInto(rows, k * width, columns, columnOf, store.index, store.value, store.candidateStart[k]!, store.candidateStart[k + 1]!);
  }
  return rows;
}

export interface BoostOptions {
  trees: number;
  depth: number;
  learningRate: number;
  /** L2 on leaf values (the Newton step's λ). */
  lambda: number;
  /** Share of questions each tree is fitted on. */
  subsample: number;
  expectedF1: number;
  seed: number;
  onTree?: (tree: number, loss: number) => void;
}

/** Fits the trees on the binned candidates of the store: each tree one Newton step of the softmax loss. */
export function fitBooster(store: ExampleStore, rows: Uint8Array, width: number, options: BoostOptions): Booster {
  const random = mulberry32(options.seed);
  const scores = new Float64Array(store.candidates);
  const gradient = new Float64Array(store.candidates);
  const hessian = new Float64Array(store.candidates);
  const questions = Array.from({ length: store.questions }, (_, q) => q).filter((q) => positives(store, q).length > 0);
  const trees: Tree[] = [];
  for (let t = 0; t < options.trees; t++) {
    const chosen: number[] = [];
    let loss = 0;
    for (const q of questions) {
      if (random() >= options.subsample) continue;
      loss += questionGradients(store, q, scores, gradient, hessian, options.expectedF1);
      for (let k = store.questionStart[q]!; k < store.questionStart[q + 1]!; k++) chosen.push(k);
    }
    const tree = growTree(rows, width, Int32Array.from(chosen), gradient, hessian, options);
    trees.push(tree);
    for (let k = 0; k < store.candidates; k++) scores[k] = scores[k]! + treeValue(tree, rows, k * width);
    options.onTree?.(t + 1, loss / Math.max(1, chosen.length ? questions.length * options.subsample : 1));
  }
  return { width, trees };
}

/** Softmax over the question's candidates: gradient and diagonal hessian of the loss for each; returns its loss. */
function questionGradients(store: ExampleStore, q: number, scores: Float64Array, g: Float64Array, h: Float64Array, expectedF1: number): number {
  const from = store.questionStart[q]!;
  const to = store.questionStart[q + 1]!;
  const pos = new Set(positives(store, q));
  let top = -Infinity;
  for (let k = from; k < to; k++) top = Math.max(top, scores[k]! + store.offset[k]!);
  let total = 0;
  let positive = 0;
  for (let k = from; k < to; k++) {
    const e = Math.exp(scores[k]! + store.offset[k]! - top);
    g[k] = e;
    total += e;
    if (pos.has(k)) positive += e;
  }
  let meanF1 = 0;
  for (let k = from; k < to; k++) meanF1 += (g[k]! / total) * store.f1[k]!;
  for (let k = from; k < to; k++) {
    const e = g[k]!;
    const p = e / total;
    const target = pos.has(k) ? e / positive : 0;
    g[k] = p - target - expectedF1 * p * (store.f1[k]! - meanF1);
    h[k] = Math.max(1e-6, p * (1 - p));
  }
  return -Math.log(positive / total);
}

function growTree(rows: Uint8Array, width: number, members: Int32Array, g: Float64Array, h: Float64Array, options: BoostOptions): Tree {
  const nodes = { column: [] as number[], bin: [] as number[], left: [] as number[], right: [] as number[], value: [] as number[] };
  const addNode = () => {
    nodes.column.push(-1);
    nodes.bin.push(0);
    nodes.left.push(-1);
    nodes.right.push(-1);
    nodes.value.push(0);
    return nodes.column.length - 1;
  };
  const { lambda } = options;
  const histG = new Float64Array(width * 256);
  const histH = new Float64Array(width * 256);
  let level: Array<{ node: number; members: Int32Array }> = [{ node: addNode(), members }];
  for (let depth = 0; depth <= options.depth && level.length; depth++) {
    const next: typeof level = [];
    for (const { node, members: m } of level) {
      let G = 0;
      let H = 0;
      for (const k of m) {
        G += g[k]!;
        H += h[k]!;
      }
      nodes.value[node] = (-G / (H + lambda)) * options.learningRate;
      if (depth === options.depth || m.length < 40) continue;
      histG.fill(0);
      histH.fill(0);
      for (const k of m) {
        const gk = g[k]!;
        const hk = h[k]!;
        const base = k * width;
        for (let c = 0; c < width; c++) {
          const slot = c * 256 + rows[base + c]!;
          histG[slot] = histG[slot]! + gk;
          histH[slot] = histH[slot]! + hk;
        }
      }
      const parent = (G * G) / (H + lambda);
      let best = 1e-9;
      let bestColumn = -1;
      let bestBin = 0;
      for (let c = 0; c < width; c++) {
        let gl = 0;
        let hl = 0;
        for (let b = 0; b < 255; b++) {
          gl += histG[c * 256 + b]!;
          hl += histH[c * 256 + b]!;
          const gr = G - gl;
          const hr = H - hl;
          if (hl < 1e-3 || hr < 1e-3) continue;
          const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parent;
          if (gain > best) {
            best = gain;
            bestColumn = c;
            bestBin = b;
          }
        }
      }
      if (bestColumn < 0) continue;
      const leftMembers: number[] = [];
      const rightMembers: number[] = [];
      for (const k of m) (rows[k * width + bestColumn]! <= bestBin ? leftMembers : rightMembers).push(k);
      nodes.column[node] = bestColumn;
      nodes.bin[node] = bestBin;
      const l = addNode();
      const r = addNode();
      nodes.left[node] = l;
      nodes.right[node] = r;
      next.push({ node: l, members: Int32Array.from(leftMembers) }, { node: r, members: Int32Array.from(rightMembers) });
    }
    level = next;
  }
  return {
    column: Int32Array.from(nodes.column), bin: Uint8Array.from(nodes.bin), left: Int32Array.from(nodes.left),
    right: Int32Array.from(nodes.right), value: Float64Array.from(nodes.value),
  };
}
