/**
 * The feedback store over SQLite (better-sqlite3, synchronous: when `vote` returns, the vote is committed,
 * so the acknowledgement the user sees comes after the commit). Any database error — a corrupt page, a
 * lock held past the busy timeout, a full disk — is logged once and turns voting off for the rest of the
 * process; answering never depends on it.
 */
import path from 'node:path';
import type { Database, Statement } from 'better-sqlite3';
import type { Logger } from '../logger.js';
import { DATABASE_FILE, openWritable } from './database.js';
import type { CastVote, FeedbackStore, GivenAnswer, VoteOutcome } from './types.js';
import { hashUserId, newSalt } from './userHash.js';

const SALT_KEY = 'user_hash_salt';

export interface OpenFeedbackOptions {
  dataDir: string;
  logger: Logger;
  /** FEEDBACK_SALT; without it a salt is generated once and kept in the database. */
  salt?: string | undefined;
}

/**
 * The store for `DATA_DIR/bot.db`. When the file cannot be opened (corrupt, locked, unreadable, newer
 * schema), the error is logged and a store with voting off is returned: the bot starts anyway.
 *
 * @example
 * const feedback = openFeedback({ dataDir: config.dataDir, logger, salt: config.feedbackSalt });
 * const id = feedback.recordAnswer({ id: interaction.id, guildId, answer, at: Date.now() });
 */
export function openFeedback(options: OpenFeedbackOptions): FeedbackStore {
  const file = path.join(options.dataDir, DATABASE_FILE);
  let db: Database;
  try {
    db = openWritable(file);
  } catch (error) {
    options.logger.error('feedback database unavailable; voting is off for this run', { file, error });
    return disabledStore();
  }
  try {
    return sqliteStore(db, options.salt ?? storedSalt(db), options.logger, file);
  } catch (error) {
    db.close();
    options.logger.error('feedback database unavailable; voting is off for this run', { file, error });
    return disabledStore();
  }
}

/** A store that records nothing (no database, or voting turned off). */
export function disabledStore(): FeedbackStore {
  return { enabled: false, recordAnswer: () => undefined, vote: () => 'unavailable', close: () => {} };
}

function storedSalt(db: Database): string {
  db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run(SALT_KEY, newSalt());
  return (db.prepare('SELECT value FROM meta WHERE key = ?').get(SALT_KEY) as { value: string }).value;
}

interface Statements {
  insertAnswer: Statement;
  findAnswer: Statement;
  findVote: Statement;
  upsertVote: Statement;
}

function sqliteStore(db: Database, salt: string, logger: Logger, file: string): FeedbackStore {
  const sql: Statements = {
    // The same interaction id twice (a replayed request) keeps the first answer: votes already refer to it.
    insertAnswer: db.prepare(
      `INSERT OR IGNORE INTO answers (id, guild_id, question, answer, answer_type, confidence, citations, model_version, created_at)
       VALUES (@id, @guild, @question, @answer, @type, @confidence, @citations, @model, @at)`,
    ),
    findAnswer: db.prepare('SELECT 1 FROM answers WHERE id = ? AND guild_id IS ?'),
    findVote: db.prepare('SELECT value FROM votes WHERE answer_id = ? AND user_hash = ?'),
    upsertVote: db.prepare(
      `INSERT INTO votes (answer_id, user_hash, value, voted_at) VALUES (@answer, @user, @value, @at)
       ON CONFLICT (answer_id, user_hash) DO UPDATE SET value = excluded.value, voted_at = excluded.voted_at`,
    ),
  };
  let enabled = true;

  const fail = (action: string, error: unknown) => {
    enabled = false;
    logger.error('feedback database failed; voting is off for this run', { file, action, error });
    try {
      db.close();
    } catch {
      // Already unusable; nothing more to release.
    }
  };

  /**
   * Answers given in this turn of the event loop, stored together at its end in one transaction: one
   * commit (with `synchronous = FULL`, one fsync) for all of them rather than one per /ask, and with
   * several processes on one `bot.db` (`--workers`, `--shards`) far fewer turns at its single write lock.
   * A vote, and closing, write them first. An answer whose write fails is one votes cannot find later
   * (they get the "no record" notice); the failure turns voting off, as any database error does.
   */
  let queued: GivenAnswer[] = [];
  const insertAnswers = db.transaction((answers: GivenAnswer[]) => {
    for (const given of answers) {
      const { answer } = given;
      sql.insertAnswer.run({
        id: given.id,
        guild: given.guildId ?? null,
        question: answer.question,
        answer: answer.answer,
        type: answer.answerType,
        confidence: answer.confidence,
        citations: JSON.stringify(answer.citations.map((c) => ({ id: c.id, articleId: c.articleId, paragraph: c.paragraph }))),
        model: answer.modelVersion ?? 'rules',
        at: given.at,
      });
    }
  });
  const flush = () => {
    if (queued.length === 0) return;
    const answers = queued;
    queued = [];
    if (!enabled) return;
    try {
      insertAnswers.immediate(answers);
    } catch (error) {
      fail('record answer', error);
    }
  };

  const castVote = db.transaction((cast: CastVote): VoteOutcome => {
    if (!sql.findAnswer.get(cast.answerId, cast.guildId ?? null)) return 'unknown-answer';
    const user = hashUserId(salt, cast.userId);
    const value = cast.value === 'up' ? 1 : -1;
    const before = sql.findVote.get(cast.answerId, user) as { value: number } | undefined;
    if (before?.value === value) return 'unchanged';
    sql.upsertVote.run({ answer: cast.answerId, user, value, at: cast.at });
    return before ? 'changed' : 'recorded';
  });

  return {
    get enabled() {
      return enabled;
    },
    recordAnswer(given: GivenAnswer) {
      if (!enabled) return undefined;
      // Written with the others given in this turn of the event loop (see `flush`), before any vote is read.
      if (queued.push(given) === 1) setImmediate(flush);
      return given.id;
    },
    vote(cast: CastVote) {
      flush();
      if (!enabled) return 'unavailable';
      try {
        // IMMEDIATE: take the write lock before reading, so two clicks cannot both see "no vote yet".
        return castVote.immediate(cast);
      } catch (error) {
        fail('vote', error);
        return 'unavailable';
      }
    },
    close() {
      flush();
      if (!enabled) return;
      enabled = false;
      db.close();
    },
  };
}
