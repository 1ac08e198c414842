import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../files/writeFileAtomic.js';
import { CONFIDENCE_INPUTS, type AnswerModel, type ModelFile } from '../qa/model.js';

/** Weights smaller than this are left out of the file: they change no ranking in practice and would only add bytes. */
const PRUNE_BELOW = 1e-4;

/**
 * The model as its file: non-zero weights packed as base64 (bucket indices and Float32 values), the
 * calibrator, the threshold and what it was trained on. The version is a hash of the weights, so the
 * same training run (same data, seed and options) always writes the same file.
 */
export function modelFileOf(model: Omit<AnswerModel, 'version'>, training: Record<string, unknown>): ModelFile {
  const indices: number[] = [];
  const values: number[] = [];
  model.weights.forEach((w, i) => {
    if (Math.abs(w) >= PRUNE_BELOW) {
      indices.push(i);
      values.push(w);
    }
  });
  const indexBytes = Buffer.from(new Uint32Array(indices).buffer);
  const valueBytes = Buffer.from(new Float32Array(values).buffer);
  const version = `loglinear-${createHash('sha256').update(indexBytes).update(valueBytes).update(JSON.stringify(model.calibration)).digest('hex').slice(0, 12)}`;
  return {
    format: 1,
    version,
    families: [...model.families],
    buckets: model.mask + 1,
    weights: { indices: indexBytes.toString('base64'), values: valueBytes.toString('base64') },
    readSentences: model.readSentences,
    calibration: { inputs: [...CONFIDENCE_INPUTS], weights: model.calibration.map((w) => Number(w.toPrecision(8))) },
    abstainBelow: model.abstainBelow,
    training,
  };
}

/** Writes the model file atomically (readers see the old file or the new one, never half of one). */
export async function writeModelFile(file: string, content: ModelFile): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(content)}\n`);
}
