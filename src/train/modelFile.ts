import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../files/writeFileAtomic.js';
import { CONFIDENCE_INPUTS, type AnswerModel, type ModelFile } from '../qa/model.js';
import type { Reranker } from '../qa/rerank.js';
import { TAGGER } from '../qa/tagger.js';

/**
 * The model as its file: every bucket's weight (Int16 with a scale, base64), the calibrator, the threshold, how it picks
 * its winner and what it was trained on. The version is a hash of the weights, so the
 * same training run (same data, seed and options) always writes the same file.
 */
export function modelFileOf(model: Omit<AnswerModel, 'version'>, training: Record<string, unknown>): ModelFile {
  const { scale, values } = quantise(model.weights);
  const weightBytes = Buffer.from(values.buffer);
  const reranker = model.reranker && rerankerFile(model.reranker);
  // Without a reranker or a decoding nothing is added, so such a model keeps the version it had before either existed.
  const version = `loglinear-${createHash('sha256').update(weightBytes).update(String(scale)).update(JSON.stringify(model.calibration))
    .update(reranker ? JSON.stringify(reranker) : '').update(model.decoding ? JSON.stringify(model.decoding) : '').digest('hex').slice(0, 12)}`;
  return {
    format: 1,
    version,
    families: [...model.families],
    tagger: TAGGER,
    buckets: model.mask + 1,
    weights: { scale, values: weightBytes.toString('base64') },
    readSentences: model.readSentences,
    calibration: { inputs: [...CONFIDENCE_INPUTS], weights: model.calibration.map(stored) },
    abstainBelow: model.abstainBelow,
    ...(reranker ? { reranker } : {}),
    ...(model.decoding ? { decoding: { ...model.decoding } } : {}),
    training,
  };
}

/** The reranker as plain arrays (JSON numbers hold the doubles exactly, so the bot reads the trees it was tuned with). */
function rerankerFile(r: Reranker): NonNullable<ModelFile['reranker']> {
  return {
    keep: r.keep, buckets: [...r.columns.buckets], edges: r.columns.edges.map((e) => [...e]),
    trees: r.booster.trees.map((t) => ({ column: [...t.column], bin: [...t.bin], left: [...t.left], right: [...t.right], value: [...t.value] })),
  };
}

/** Int16 with one scale: 2 bytes a bucket, a resolution of max|w| / 32767 (far below any weight that matters). */
function quantise(weights: Float32Array): { scale: number; values: Int16Array } {
  let largest = 0;
  for (const w of weights) largest = Math.max(largest, Math.abs(w));
  const scale = Math.max(largest, 1e-9) / 32767;
  return { scale, values: Int16Array.from(weights, (w) => Math.round(w / scale)) };
}

const stored = (w: number) => Number(w.toPrecision(8));

/**
 * The model with the weights its file will hold, as the bot will read them: the abstain threshold is chosen
 * on these, so that the false-answer rate it was chosen for is the one the bot has.
 */
export function asStored<M extends Pick<AnswerModel, 'weights' | 'calibration'>>(model: M): M {
  const { scale, values } = quantise(model.weights);
  return { ...model, weights: Float32Array.from(values, (v) => v * scale), calibration: model.calibration.map(stored) };
}

/** Writes the model file atomically (readers see the old file or the new one, never half of one). */
export async function writeModelFile(file: string, content: ModelFile): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(content)}\n`);
}
