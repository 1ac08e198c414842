import { aggregate, type EvalReport } from '../eval/aggregate.js';
import { runSquad } from '../eval/run.js';
import type { SquadDataset } from '../eval/squad.js';
import { applyThreshold, chooseThreshold } from '../eval/threshold.js';
import type { AnswerModel } from '../qa/model.js';

/** The abstain threshold is the lowest at which at most this share of questions asked of the wrong article get an answer. */
export const MAX_FALSE_ANSWER_RATE = 0.1;

export interface Tuned {
  threshold: number;
  /** Figures at that threshold. */
  report: EvalReport;
  /** Figures answering everything (the ranker alone). */
  answeringAll: EvalReport;
}

/**
 * Chooses the model's abstain threshold on a tuning file (SQuAD dev part 1): every question is asked of its
 * own article and of another one, answering everything, and the threshold is set where at most
 * MAX_FALSE_ANSWER_RATE of the other-article questions still get an answer. Sets it on the model.
 */
export function tuneThreshold(model: AnswerModel, tune: SquadDataset, onProgress?: (done: number, total: number) => void): Tuned | { error: string } {
  const run = runSquad(tune, { model: { ...model, abstainBelow: 0 }, ...(onProgress ? { onProgress } : {}) });
  if (!run.ok) return { error: run.message };
  const threshold = chooseThreshold(run.records, MAX_FALSE_ANSWER_RATE);
  model.abstainBelow = threshold;
  return { threshold, report: aggregate(applyThreshold(run.records, threshold)), answeringAll: aggregate(run.records) };
}
