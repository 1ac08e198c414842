import type { GoldSummary } from '../qa/goldSet.js';

/** The counts `npm run gold` reports for one gold file, a section of files, or several sections together. */
export interface GoldCounts {
  answerable: number;
  correct: number;
  cited: number;
  unanswerable: number;
  declined: number;
}

export interface GoldFileReport extends GoldCounts {
  file: string;
}

/** One section of `npm run gold`: a folder of question files asked against one index. */
export interface GoldSectionReport extends GoldCounts {
  name: string;
  /** The question files, relative to the data folder (`paraphrase/x.json`). */
  files: GoldFileReport[];
}

export function fileReport(file: string, summary: GoldSummary): GoldFileReport {
  const { answerable, correct, cited, unanswerable, declined } = summary;
  return { file, answerable, correct, cited, unanswerable, declined };
}

/** Sums counts, so a section's totals are exactly its files' and the overall line exactly its sections'. */
export function sumCounts(parts: GoldCounts[]): GoldCounts {
  const total: GoldCounts = { answerable: 0, correct: 0, cited: 0, unanswerable: 0, declined: 0 };
  for (const p of parts) {
    total.answerable += p.answerable;
    total.correct += p.correct;
    total.cited += p.cited;
    total.unanswerable += p.unanswerable;
    total.declined += p.declined;
  }
  return total;
}

export function sectionReport(name: string, files: GoldFileReport[]): GoldSectionReport {
  return { name, ...sumCounts(files), files };
}

const pct = (n: number, d: number) => `${n}/${d} (${((100 * n) / Math.max(1, d)).toFixed(1)}%)`;

/** The three lines every file, section and overall total is printed with (indented under its label). */
export function formatCounts(label: string, counts: GoldCounts, indent = '  '): string {
  return [
    `${label}:`,
    `${indent}correct short answer   ${pct(counts.correct, counts.answerable)}`,
    `${indent}cites the passage      ${pct(counts.cited, counts.answerable)}`,
    `${indent}unanswerable declined  ${pct(counts.declined, counts.unanswerable)}`,
    '',
  ].join('\n');
}
