import { mulberry32 } from '../bench/random.js';
import type { ExampleStore } from './examples.js';

export interface RankerOptions {
  buckets: number;
  epochs: number;
  seed: number;
  learningRate?: number;
  l2?: number;
  /** Weight of the expected-F1 term beside the log-likelihood of the positives (0: likelihood only). */
  expectedF1?: number;
  /** Told after each epoch: its number, the mean loss, and the share of questions whose winner is a positive. */
  onEpoch?: (epoch: number, loss: number, accuracy: number) => void;
  /** Told now and then within an epoch: questions done. */
  onProgress?: (epoch: number, done: number, total: number) => void;
}

/**
 * The positives of a question: its candidates that match a gold answer exactly, or, when none does, the
 * ones with the best F1 if that is at least 0.5. A question with no positive teaches nothing and is left out.
 */
export function positives(store: ExampleStore, q: number): number[] {
  const from = store.questionStart[q]!;
  const to = store.questionStart[q + 1]!;
  const exact: number[] = [];
  let bestF1 = 0;
  for (let k = from; k < to; k++) {
    if (store.em[k]) exact.push(k);
    bestF1 = Math.max(bestF1, store.f1[k]!);
  }
  if (exact.length) return exact;
  if (bestF1 < 0.5) return [];
  const best: number[] = [];
  for (let k = from; k < to; k++) if (store.f1[k] === bestF1) best.push(k);
  return best;
}

/**
 * Fits the log-linear ranker: a softmax over each question's candidates, maximising the probability of
 * its positives (summed, since a span can occur more than once), by AdaGrad with a light L2 penalty, one
 * question at a time in a seeded order.
 */
export function fitRanker(store: ExampleStore, options: RankerOptions): Float32Array {
  const { buckets, epochs } = options;
  const rate = options.learningRate ?? 0.1;
  const l2 = options.l2 ?? 1e-6;
  const expectedF1 = options.expectedF1 ?? 0;
  const weights = new Float32Array(buckets);
  const squares = new Float32Array(buckets).fill(1e-8);
  const gradient = new Float32Array(buckets);
  const touched: number[] = [];
  // Averaged weights (the mean of the weights after every step) generalise better than the last ones;
  // kept with the usual trick: sum step × change, subtract its share at the end.
  const stepSums = new Float64Array(buckets);
  let step = 1;
  const random = mulberry32(options.seed);
  const order = Array.from({ length: store.questions }, (_, q) => q).filter((q) => positives(store, q).length > 0);
  const logits: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let loss = 0;
    let right = 0;
    order.forEach((q, done) => {
      const from = store.questionStart[q]!;
      const to = store.questionStart[q + 1]!;
      const pos = new Set(positives(store, q));
      logits.length = 0;
      let top = -Infinity;
      let winner = from;
      for (let k = from; k < to; k++) {
        const l = store.score(weights, k) + store.offset[k]!;
        logits.push(l);
        if (l > top) {
          top = l;
          winner = k;
        }
      }
      if (pos.has(winner)) right++;
      let total = 0;
      let positive = 0;
      for (let k = from; k < to; k++) {
        const e = Math.exp(logits[k - from]! - top);
        logits[k - from] = e;
        total += e;
        if (pos.has(k)) positive += e;
      }
      loss -= Math.log(positive / total);
      // The expected F1 under the softmax, Σ p·F1: its gradient for candidate k is p_k (F1_k − E[F1]).
      let meanF1 = 0;
      if (expectedF1) for (let k = from; k < to; k++) meanF1 += (logits[k - from]! / total) * store.f1[k]!;
      for (let k = from; k < to; k++) {
        const p = logits[k - from]! / total;
        const target = pos.has(k) ? logits[k - from]! / positive : 0;
        const g = p - target - (expectedF1 ? expectedF1 * p * (store.f1[k]! - meanF1) : 0);
        if (Math.abs(g) < 1e-7) continue;
        for (let e = store.candidateStart[k]!; e < store.candidateStart[k + 1]!; e++) {
          const b = store.index[e]!;
          if (gradient[b] === 0) touched.push(b);
          gradient[b] = gradient[b]! + g * store.value[e]!;
        }
      }
      for (const b of touched) {
        const g = gradient[b]! + l2 * weights[b]!;
        squares[b] = squares[b]! + g * g;
        const change = -(rate * g) / Math.sqrt(squares[b]!);
        weights[b] = weights[b]! + change;
        stepSums[b] = stepSums[b]! + step * change;
        gradient[b] = 0;
      }
      touched.length = 0;
      step++;
      if (options.onProgress && done % 2000 === 0) options.onProgress(epoch, done, order.length);
    });
    options.onEpoch?.(epoch, loss / Math.max(1, order.length), right / Math.max(1, order.length));
  }
  const averaged = new Float32Array(buckets);
  for (let b = 0; b < buckets; b++) averaged[b] = weights[b]! - stepSums[b]! / step;
  return averaged;
}

/** How far apart the seeds of the fits that `fitAveragedRanker` averages are: `seed`, `seed + 7919`, … */
export const AVERAGE_SEED_STEP = 7919;

/**
 * Several rankers fitted on the same candidates, each in its own seeded order (`seed`, `seed + 7919`, …), their
 * weights averaged: the ranker is linear, so this averages their logits, and what one question order happened to
 * teach counts for less (+0.56 F1 on part 1 with three; docs/quality.md). One run is `fitRanker` itself.
 */
export function fitAveragedRanker(
  store: ExampleStore,
  options: Omit<RankerOptions, 'onEpoch' | 'onProgress'> & {
    runs: number;
    onEpoch?: (epoch: number, loss: number, accuracy: number, run: number) => void;
    onProgress?: (epoch: number, done: number, total: number, run: number) => void;
  },
): Float32Array {
  const { runs, onEpoch, onProgress, ...rest } = options;
  const fit = (r: number) => fitRanker(store, {
    ...rest, seed: options.seed + AVERAGE_SEED_STEP * r,
    onEpoch: onEpoch && ((e, l, a) => onEpoch(e, l, a, r + 1)), onProgress: onProgress && ((e, d, t) => onProgress(e, d, t, r + 1)),
  });
  if (runs <= 1) return fit(0);
  const weights = new Float32Array(options.buckets);
  for (let r = 0; r < runs; r++) {
    const fitted = fit(r);
    for (let b = 0; b < weights.length; b++) weights[b]! += fitted[b]! / runs;
  }
  return weights;
}

/**
 * Fits a logistic regression on dense inputs (the calibrator): full-batch gradient descent on the mean
 * log loss with a light L2 penalty (not on the bias, input 0).
 */
export function fitLogistic(inputs: number[][], labels: number[], dims: number, iterations = 3000, rate = 0.5, l2 = 1e-4): number[] {
  const w = new Array<number>(dims).fill(0);
  const n = inputs.length;
  if (n === 0) return w;
  for (let it = 0; it < iterations; it++) {
    const g = new Array<number>(dims).fill(0);
    for (let i = 0; i < n; i++) {
      const x = inputs[i]!;
      let z = 0;
      for (let d = 0; d < dims; d++) z += w[d]! * x[d]!;
      const err = 1 / (1 + Math.exp(-z)) - labels[i]!;
      for (let d = 0; d < dims; d++) g[d] = g[d]! + err * x[d]!;
    }
    for (let d = 0; d < dims; d++) w[d] = w[d]! - rate * (g[d]! / n + (d === 0 ? 0 : l2 * w[d]!));
  }
  return w;
}
