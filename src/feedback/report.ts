/**
 * What the votes say: totals, the share of 👍 by answer type and by confidence band, and the questions
 * with the most 👎 (with the answer given and the passages cited). Reading is one query; the grouping is
 * plain functions of the rows, so it is tested without a database.
 */
import type { Database } from 'better-sqlite3';

/** Which votes to count. `server` is a guild id, or `dm` for answers given in direct messages. */
export interface ReportFilter {
  /** ms since the epoch: votes cast (or last changed) at or after this. */
  since?: number | undefined;
  server?: string | undefined;
}

export interface CitedPassage {
  id: string;
  articleId: string;
  paragraph: number;
}

/** One vote, joined with the answer it is on. */
export interface VoteRow {
  answerId: string;
  guildId: string | null;
  question: string;
  answer: string | null;
  answerType: string;
  confidence: number;
  citations: CitedPassage[];
  modelVersion: string;
  answeredAt: number;
  value: 1 | -1;
  votedAt: number;
}

export interface Share {
  key: string;
  up: number;
  down: number;
}

export interface QuestionFeedback {
  question: string;
  /** The latest answer given to this question (null: "the article doesn't say"). */
  answer: string | null;
  answerType: string;
  citations: CitedPassage[];
  up: number;
  down: number;
  /** ms since the epoch of the latest vote. */
  last: number;
}

export interface FeedbackReport {
  up: number;
  down: number;
  /** Answers given in scope (voted on or not), and how many of them got a vote. */
  answersGiven: number;
  answersVoted: number;
  /** Distinct voters (by hashed id). */
  voters: number;
  byType: Share[];
  byConfidence: Share[];
  /** Every voted question, most 👎 first. */
  questions: QuestionFeedback[];
}

export const DOESNT_SAY = "doesn't say";
const BANDS = [
  { key: '75–100%', min: 0.75 },
  { key: '50–75%', min: 0.5 },
  { key: '25–50%', min: 0.25 },
  { key: '0–25%', min: -Infinity },
];

/** The votes in scope, with their answers, oldest first. */
export function readVotes(db: Database, filter: ReportFilter = {}): Array<VoteRow & { userHash: string }> {
  const rows = db
    .prepare(
      `SELECT a.id, a.guild_id, a.question, a.answer, a.answer_type, a.confidence, a.citations, a.model_version, a.created_at,
              v.value, v.voted_at, v.user_hash
         FROM votes v JOIN answers a ON a.id = v.answer_id
        WHERE (@since IS NULL OR v.voted_at >= @since) AND ${serverClause('a')}
        ORDER BY v.voted_at, a.id`,
    )
    .all(params(filter)) as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    answerId: String(r.id),
    guildId: r.guild_id === null ? null : String(r.guild_id),
    question: String(r.question),
    answer: r.answer === null ? null : String(r.answer),
    answerType: String(r.answer_type),
    confidence: Number(r.confidence),
    citations: JSON.parse(String(r.citations)) as CitedPassage[],
    modelVersion: String(r.model_version),
    answeredAt: Number(r.created_at),
    value: Number(r.value) === 1 ? 1 : -1,
    votedAt: Number(r.voted_at),
    userHash: String(r.user_hash),
  }));
}

/** How many answers were given in scope (`since` applies to when they were given). */
export function countAnswers(db: Database, filter: ReportFilter = {}): number {
  const row = db.prepare(`SELECT COUNT(*) AS n FROM answers a WHERE (@since IS NULL OR a.created_at >= @since) AND ${serverClause('a')}`).get(params(filter)) as { n: number };
  return row.n;
}

function serverClause(alias: string): string {
  return `(@all = 1 OR ${alias}.guild_id IS @guild)`;
}

function params(filter: ReportFilter) {
  const server = filter.server;
  return { since: filter.since ?? null, all: server === undefined ? 1 : 0, guild: server === undefined || server.toLowerCase() === 'dm' ? null : server };
}

/** The report for a set of votes; `answersGiven` as counted separately (answers nobody voted on have no rows). */
export function buildReport(rows: Array<VoteRow & { userHash: string }>, answersGiven: number): FeedbackReport {
  const up = rows.filter((r) => r.value === 1).length;
  return {
    up,
    down: rows.length - up,
    answersGiven,
    answersVoted: new Set(rows.map((r) => r.answerId)).size,
    voters: new Set(rows.map((r) => r.userHash)).size,
    byType: shares(rows, (r) => (r.answer === null ? DOESNT_SAY : r.answerType)),
    byConfidence: shares(rows, (r) => BANDS.find((b) => r.confidence >= b.min)!.key, BANDS.map((b) => b.key)),
    questions: byQuestion(rows),
  };
}

/** 👍 and 👎 counted per key; most votes first, or in `order` when given. */
function shares(rows: VoteRow[], keyOf: (row: VoteRow) => string, order?: string[]): Share[] {
  const out = new Map<string, Share>();
  for (const row of rows) {
    const key = keyOf(row);
    const share = out.get(key) ?? { key, up: 0, down: 0 };
    if (row.value === 1) share.up++;
    else share.down++;
    out.set(key, share);
  }
  const list = [...out.values()];
  if (order) return list.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
  return list.sort((a, b) => b.up + b.down - (a.up + a.down) || a.key.localeCompare(b.key));
}

/**
 * Votes grouped by question (case and spacing ignored, so "Who met whom?" and "who met  whom?" are one),
 * with the latest answer given to it; most 👎 first, then fewest 👍, then most recent.
 */
function byQuestion(rows: VoteRow[]): QuestionFeedback[] {
  const groups = new Map<string, QuestionFeedback & { answeredAt: number }>();
  for (const row of rows) {
    const key = row.question.toLowerCase().replace(/\s+/g, ' ').trim();
    let group = groups.get(key);
    if (!group) {
      group = { question: row.question, answer: row.answer, answerType: row.answerType, citations: row.citations, up: 0, down: 0, last: 0, answeredAt: row.answeredAt };
      groups.set(key, group);
    }
    if (row.answeredAt > group.answeredAt) {
      Object.assign(group, { question: row.question, answer: row.answer, answerType: row.answerType, citations: row.citations, answeredAt: row.answeredAt });
    }
    if (row.value === 1) group.up++;
    else group.down++;
    group.last = Math.max(group.last, row.votedAt);
  }
  return [...groups.values()]
    .map(({ answeredAt: _answeredAt, ...q }) => q)
    .sort((a, b) => b.down - a.down || a.up - b.up || b.last - a.last);
}
