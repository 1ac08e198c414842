import { bestOver, exactMatch, f1Score } from '../qa/squadMetric.js';
import { squadQuestions, type SquadDataset } from './squad.js';

export interface SquadScore {
  questions: number;
  /** 0..100, as the official script prints them. */
  exact_match: number;
  f1: number;
}

/**
 * Scores a predictions object (`{question id: answer}`) against a SQuAD v1.1 file exactly as the official
 * v1.1 script does: max over gold answers, mean over all questions × 100; a missing prediction scores 0.
 */
export function scorePredictions(dataset: SquadDataset, predictions: Record<string, string>): SquadScore {
  const questions = squadQuestions(dataset);
  let em = 0;
  let f1 = 0;
  for (const q of questions) {
    const prediction = predictions[q.id];
    if (prediction === undefined) continue;
    em += bestOver(exactMatch, prediction, q.answers);
    f1 += bestOver(f1Score, prediction, q.answers);
  }
  const n = Math.max(1, questions.length);
  return { questions: questions.length, exact_match: (100 * em) / n, f1: (100 * f1) / n };
}
