import { findCandidates } from '../qa/modelAnswer.js';
import { bestOver, exactMatch, f1Score } from '../qa/squadMetric.js';
import { squadIndex, squadQuestions, type SquadDataset } from './squad.js';

/** The best any candidate could score, for each number of retrieved sentences read. */
export interface OracleRow {
  sentences: number | 'all';
  f1: number;
  exact_match: number;
  candidates: number;
}

const CUTOFFS = [1, 2, 3, 5, 10, 20] as const;

/**
 * The candidate oracle: for each question, the best F1 (and exact match) among the candidates from the
 * first n retrieved sentences, for several n; what a perfect chooser would reach with the bot's retrieval
 * and candidate generation. One pass: every candidate knows its sentence's rank.
 */
export function candidateOracle(dataset: SquadDataset, articles?: number[]): OracleRow[] {
  const chosen = new Set(articles ?? dataset.data.map((_, i) => i));
  const questions = squadQuestions(dataset).filter((q) => chosen.has(q.article));
  const rows = [...CUTOFFS, 'all' as const].map((sentences) => ({ sentences, f1: 0, exact_match: 0, candidates: 0 }));
  let current = -1;
  let index: ReturnType<typeof squadIndex> | undefined;
  for (const q of questions) {
    if (q.article !== current) {
      current = q.article;
      index = squadIndex(dataset.data[q.article]!);
    }
    if (!index?.ok) continue;
    const best = rows.map(() => ({ f1: 0, em: 0, n: 0 }));
    for (const c of findCandidates(index.value, q.question, Infinity).candidates) {
      const f1 = bestOver(f1Score, c.answer, q.answers);
      const em = bestOver(exactMatch, c.answer, q.answers);
      rows.forEach((row, i) => {
        if (row.sentences !== 'all' && c.sentence.sentenceRank >= row.sentences) return;
        best[i]!.f1 = Math.max(best[i]!.f1, f1);
        best[i]!.em = Math.max(best[i]!.em, em);
        best[i]!.n++;
      });
    }
    rows.forEach((row, i) => {
      row.f1 += best[i]!.f1;
      row.exact_match += best[i]!.em;
      row.candidates += best[i]!.n;
    });
  }
  const n = Math.max(1, questions.length);
  return rows.map((r) => ({ sentences: r.sentences, f1: round((100 * r.f1) / n), exact_match: round((100 * r.exact_match) / n), candidates: round(r.candidates / n) }));
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
