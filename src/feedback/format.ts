/** The feedback report as text (for people) and as the one JSON object `--json` prints (for programs). */
import type { FeedbackReport, QuestionFeedback, Share } from './report.js';

export interface FormatOptions {
  /** What was read, for the heading: the database file, the server filter, the date filter. */
  file: string;
  server?: string | undefined;
  since?: string | undefined;
  /** How many of the most 👎 questions to list. */
  limit: number;
}

export function formatReport(report: FeedbackReport, options: FormatOptions): string {
  const scope = [options.server ? `server ${options.server}` : 'all servers', options.since ? `since ${options.since}` : 'all time'].join(' · ');
  const votes = report.up + report.down;
  const lines = [`Feedback in ${options.file} · ${scope}`];
  if (votes === 0) {
    lines.push(`No votes yet (${report.answersGiven} answers given).`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    `${votes} votes on ${report.answersVoted} of ${report.answersGiven} answers, from ${report.voters} ${report.voters === 1 ? 'voter' : 'voters'}: ` +
      `👍 ${report.up} (${percent(report.up, votes)}), 👎 ${report.down}`,
    '',
    '👍 share by answer type',
    ...report.byType.map(shareLine),
    '👍 share by confidence',
    ...report.byConfidence.map(shareLine),
  );
  const disliked = report.questions.filter((q) => q.down > 0).slice(0, options.limit);
  lines.push('', disliked.length > 0 ? 'Most 👎 questions' : 'No question has a 👎.');
  disliked.forEach((q, i) => lines.push(...questionLines(q, i + 1)));
  return `${lines.join('\n')}\n`;
}

/** `--json`: exactly `{ up, down, questions: [{ question, answer, up, down, last }] }`, `last` as an ISO time. */
export function reportJson(report: FeedbackReport, limit?: number): string {
  const questions = (limit === undefined ? report.questions : report.questions.slice(0, limit)).map((q) => ({
    question: q.question,
    answer: q.answer,
    up: q.up,
    down: q.down,
    last: new Date(q.last).toISOString(),
  }));
  return `${JSON.stringify({ up: report.up, down: report.down, questions })}\n`;
}

function shareLine(share: Share): string {
  const total = share.up + share.down;
  return `  ${share.key.padEnd(13)} ${String(share.up).padStart(3)} of ${String(total).padEnd(4)} ${percent(share.up, total).padStart(4)}`;
}

function questionLines(q: QuestionFeedback, n: number): string[] {
  // Later passages of the same article as `#p6`: the article id once is enough.
  const cited = q.citations.length > 0 ? q.citations.map((c, i) => (i > 0 && c.articleId === q.citations[0]!.articleId ? c.id.slice(c.articleId.length) : c.id)).join(', ') : 'nothing';
  return [
    `  ${n}. ${oneLine(q.question)}  👎 ${q.down} 👍 ${q.up}  last ${new Date(q.last).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `     answer: ${q.answer === null ? "(the article doesn't say)" : oneLine(q.answer)} [${q.answerType}] · cited: ${cited}`,
  ];
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${Math.round((100 * part) / whole)}%`;
}

/** Stored questions are user text: no line breaks or control characters reach the terminal. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
}
