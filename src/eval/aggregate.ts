import { bestOver, exactMatch, f1Score, holdsAnswer } from '../qa/squadMetric.js';
import type { QuestionRecord } from './run.js';

export const QUESTION_WORDS = ['who', 'when', 'where', 'what', 'which', 'how many/much', 'why', 'other'] as const;
export type QuestionWord = (typeof QUESTION_WORDS)[number];

export interface WordScore {
  questions: number;
  exact_match: number;
  f1: number;
}

/** The figures the eval command reports. Scores are 0..100 (as the official script); rates are fractions 0..1. */
export interface EvalReport {
  questions: number;
  exact_match: number;
  f1: number;
  hit_at_1: number;
  hit_at_3: number;
  answered_rate: number;
  /** Share of questions that still got an answer when asked against a different article; null when not measured. */
  false_answer_rate: number | null;
  /**
   * Share of questions declined when asked of their own article without the paragraph of their answer (where
   * no other paragraph holds it): the article does not say, and the bot should say so. Null when not measured.
   */
  declined_without_answer: number | null;
  by_question_word: Record<QuestionWord, WordScore>;
  latency_ms: { p50: number; p99: number };
}

/**
 * The question word a question is filed under: the first of who/whom/whose (→ who), when, where, what,
 * which, why, "how many"/"how much" in it (SQuAD questions may put it late: "The Broncos beat which
 * team?"); anything else, including other "how" questions, is "other".
 */
export function questionWord(question: string): QuestionWord {
  const words = question.toLowerCase().match(/[a-z]+/g) ?? [];
  for (const [i, w] of words.entries()) {
    if (w === 'who' || w === 'whom' || w === 'whose') return 'who';
    if (w === 'when' || w === 'where' || w === 'what' || w === 'which' || w === 'why') return w;
    if (w === 'how') return words[i + 1] === 'many' || words[i + 1] === 'much' ? 'how many/much' : 'other';
  }
  return 'other';
}

/** Nearest-rank percentile of a list of numbers (0 for an empty list). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** Scores of one record: the official EM and F1, max over gold answers; a declined question scores 0. */
export function recordScores(record: QuestionRecord): { em: number; f1: number } {
  if (record.prediction === null) return { em: 0, f1: 0 };
  return { em: bestOver(exactMatch, record.prediction, record.answers), f1: bestOver(f1Score, record.prediction, record.answers) };
}

/** Aggregates per-question records into the reported figures. */
export function aggregate(records: QuestionRecord[]): EvalReport {
  const n = records.length;
  const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
  const scores = records.map(recordScores);
  const byWord = Object.fromEntries(QUESTION_WORDS.map((w) => [w, { questions: 0, exact_match: 0, f1: 0 }])) as Record<QuestionWord, WordScore>;
  records.forEach((r, i) => {
    const entry = byWord[questionWord(r.question)];
    entry.questions++;
    entry.exact_match += scores[i]!.em;
    entry.f1 += scores[i]!.f1;
  });
  for (const entry of Object.values(byWord)) {
    entry.exact_match = entry.questions ? round((100 * entry.exact_match) / entry.questions) : 0;
    entry.f1 = entry.questions ? round((100 * entry.f1) / entry.questions) : 0;
  }
  const crossed = records.filter((r) => r.crossPrediction !== undefined);
  const gone = records.filter((r) => r.gonePrediction !== undefined);
  return {
    questions: n,
    exact_match: round(100 * mean(scores.map((s) => s.em))),
    f1: round(100 * mean(scores.map((s) => s.f1))),
    hit_at_1: round(mean(records.map((r) => (r.cited.slice(0, 1).some((c) => holdsAnswer(c, r.answers)) ? 1 : 0))), 4),
    hit_at_3: round(mean(records.map((r) => (r.cited.slice(0, 3).some((c) => holdsAnswer(c, r.answers)) ? 1 : 0))), 4),
    answered_rate: round(mean(records.map((r) => (r.prediction !== null ? 1 : 0))), 4),
    false_answer_rate: crossed.length ? round(mean(crossed.map((r) => (r.crossPrediction !== null ? 1 : 0))), 4) : null,
    declined_without_answer: gone.length ? round(mean(gone.map((r) => (r.gonePrediction === null ? 1 : 0))), 4) : null,
    by_question_word: byWord,
    latency_ms: { p50: round(percentile(records.map((r) => r.latencyMs), 50), 3), p99: round(percentile(records.map((r) => r.latencyMs), 99), 3) },
  };
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
