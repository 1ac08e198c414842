import type { Answer } from '../qa/types.js';

/** 👍 or 👎. */
export type VoteValue = 'up' | 'down';

/** An answer as it was given, to be stored so votes on it can refer to it. */
export interface GivenAnswer {
  /** The interaction id of the question: unique, issued by Discord, and short enough for a custom_id. */
  id: string;
  /** Undefined in a DM. */
  guildId?: string | undefined;
  answer: Answer;
  /** ms since the epoch. */
  at: number;
}

export interface CastVote {
  answerId: string;
  /** Where the click came from: a vote only counts on an answer given in the same server (or DM). */
  guildId?: string | undefined;
  userId: string;
  value: VoteValue;
  at: number;
}

/**
 * What became of a vote: `recorded` (first vote), `changed` (the other button replaced it), `unchanged`
 * (the same button again), `unknown-answer` (no such answer here: stale, crafted, or another server's),
 * `unavailable` (voting is off for this process).
 */
export type VoteOutcome = 'recorded' | 'changed' | 'unchanged' | 'unknown-answer' | 'unavailable';

/** Where answers and votes are kept. Never throws: a database failure turns voting off and is logged. */
export interface FeedbackStore {
  /** False once the database could not be opened or failed; answering goes on without buttons. */
  readonly enabled: boolean;
  /** Stores the answer; returns the id votes refer to, or undefined when voting is off. */
  recordAnswer(given: GivenAnswer): string | undefined;
  /** Records (or replaces) one user's vote; committed before it returns. */
  vote(cast: CastVote): VoteOutcome;
  close(): void;
}
