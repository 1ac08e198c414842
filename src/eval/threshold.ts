import type { QuestionRecord } from './run.js';

/**
 * The records as if the bot had declined below `threshold`: the predictions of a run made with no
 * threshold at all (every question answered), with those under it turned into declines, on the own
 * article, on the other one and on its article without the answer alike.
 */
export function applyThreshold(records: QuestionRecord[], threshold: number): QuestionRecord[] {
  return records.map((r) => ({
    ...r,
    prediction: r.confidence >= threshold ? r.prediction : null,
    crossPrediction: r.crossPrediction === undefined ? undefined : (r.crossConfidence ?? 0) >= threshold ? r.crossPrediction : null,
    gonePrediction: r.gonePrediction === undefined ? undefined : (r.goneConfidence ?? 0) >= threshold ? r.gonePrediction : null,
  }));
}

/**
 * The lowest threshold at which at most `maxFalseAnswerRate` of the questions asked of another article
 * still get an answer: the bot declines what it must and answers as much as it can.
 */
export function chooseThreshold(records: QuestionRecord[], maxFalseAnswerRate: number): number {
  const cross = records.flatMap((r) => (r.crossPrediction != null && r.crossConfidence !== undefined ? [r.crossConfidence] : [])).sort((a, b) => b - a);
  const asked = records.filter((r) => r.crossPrediction !== undefined).length;
  const allowed = Math.floor(maxFalseAnswerRate * asked);
  // Answers at or above the threshold count; so it must sit just above the (allowed + 1)-th highest.
  if (cross.length <= allowed) return 0;
  const bar = cross[allowed]!;
  return Math.min(1, Math.round((bar + 1e-4) * 1e4) / 1e4);
}

/** One row of a reliability table: questions whose confidence falls in [from, to). */
export interface ReliabilityBin {
  from: number;
  to: number;
  questions: number;
  meanConfidence: number;
  /** Share whose answer matches a human answer exactly. */
  right: number;
}

/** Ten bins of confidence, each with its mean confidence beside the share of answers that are right. */
export function reliability(records: QuestionRecord[], isRight: (r: QuestionRecord) => boolean): ReliabilityBin[] {
  const bins: ReliabilityBin[] = Array.from({ length: 10 }, (_, i) => ({ from: i / 10, to: (i + 1) / 10, questions: 0, meanConfidence: 0, right: 0 }));
  for (const r of records) {
    if (r.prediction === null) continue;
    const bin = bins[Math.min(9, Math.floor(r.confidence * 10))]!;
    bin.questions++;
    bin.meanConfidence += r.confidence;
    bin.right += isRight(r) ? 1 : 0;
  }
  for (const b of bins) {
    if (b.questions) {
      b.meanConfidence = Math.round((1000 * b.meanConfidence) / b.questions) / 1000;
      b.right = Math.round((1000 * b.right) / b.questions) / 1000;
    }
  }
  return bins;
}
