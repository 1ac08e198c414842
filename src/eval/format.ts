import { QUESTION_WORDS, type EvalReport } from './aggregate.js';
import type { ReliabilityBin } from './threshold.js';

/** The report as a readable table for the terminal. */
export function formatReport(report: EvalReport, label = ''): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lines = [
    `SQuAD v1.1 evaluation${label ? ` — ${label}` : ''} (${report.questions} questions; each article indexed alone)`,
    '',
    `  exact match        ${report.exact_match.toFixed(2)}`,
    `  F1                 ${report.f1.toFixed(2)}`,
    `  hit@1              ${pct(report.hit_at_1)}   (first cited passage holds a gold answer)`,
    `  hit@3              ${pct(report.hit_at_3)}`,
    `  answered           ${pct(report.answered_rate)}`,
    `  false answers      ${report.false_answer_rate === null ? 'not measured' : pct(report.false_answer_rate)}   (asked against another article)`,
    `  declined, unsaid   ${report.declined_without_answer === null ? 'not measured' : pct(report.declined_without_answer)}   (asked of its article without the answer's paragraph)`,
    `  latency p50 / p99  ${report.latency_ms.p50.toFixed(1)} ms / ${report.latency_ms.p99.toFixed(1)} ms per question`,
    '',
    '  question word   questions      EM      F1',
  ];
  for (const word of QUESTION_WORDS) {
    const s = report.by_question_word[word];
    lines.push(`  ${word.padEnd(14)} ${String(s.questions).padStart(10)} ${s.exact_match.toFixed(2).padStart(7)} ${s.f1.toFixed(2).padStart(7)}`);
  }
  return lines.join('\n');
}

/** The reliability table: for each tenth of confidence, how many answers fell in it and how many of them were right. */
export function formatReliability(bins: ReliabilityBin[]): string {
  const lines = ['  confidence   answers   mean confidence   exactly right'];
  for (const b of bins) {
    const range = `${b.from.toFixed(1)}-${b.to.toFixed(1)}`;
    lines.push(`  ${range.padEnd(10)} ${String(b.questions).padStart(9)} ${b.questions ? b.meanConfidence.toFixed(3).padStart(17) : '—'.padStart(17)} ${b.questions ? `${(100 * b.right).toFixed(1)}%`.padStart(15) : '—'.padStart(15)}`);
  }
  return lines.join('\n');
}
