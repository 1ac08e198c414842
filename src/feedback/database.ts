/**
 * Opening the feedback database (`DATA_DIR/bot.db`): WAL, so the `feedback` report can read while the bot
 * writes; `synchronous = FULL`, so a committed vote survives a power cut, not only a crash (it is
 * acknowledged right after the commit); a short busy timeout, because an interaction must be answered
 * within 3 seconds and a vote is not worth missing that for.
 */
import Database from 'better-sqlite3';
import { migrate } from './migrations.js';

export const DATABASE_FILE = 'bot.db';
/** How long a write waits for another connection's lock before giving up (ms). */
export const BUSY_TIMEOUT_MS = 1000;

/** Opens (creating if needed) and migrates the database for writing. Throws on a corrupt, locked or unreadable file. */
export function openWritable(file: string): Database.Database {
  const db = new Database(file);
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // The first statement that reads the file: a file that is not a database fails here (SQLITE_NOTADB).
    const mode = switchToWal(db);
    if (mode !== 'wal') throw new Error(`feedback database: could not switch to WAL (journal mode is ${String(mode)})`);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    assertIntact(db);
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** How long opening waits for other processes switching the same new file to WAL (ms): at start, not while answering. */
const WAL_SWITCH_TIMEOUT_MS = 5000;
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Switches the file to WAL. That takes an exclusive lock, and when other processes open the same new file
 * at the same moment (`--workers` starting together) SQLite answers SQLITE_BUSY at once instead of waiting
 * (waiting could deadlock), so the switch is retried for a while, 20 ms apart.
 */
function switchToWal(db: Database.Database): unknown {
  const deadline = Date.now() + WAL_SWITCH_TIMEOUT_MS;
  for (;;) {
    try {
      return db.pragma('journal_mode = WAL', { simple: true });
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error;
      Atomics.wait(pause, 0, 0, 20);
    }
  }
}

/** Opens an existing database read-only (the report). Throws if it is missing, corrupt or not ours. */
export function openReadOnly(file: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    assertIntact(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** `quick_check` reads every page once: cheap at the sizes votes reach, and it catches damage a header check would not. */
function assertIntact(db: Database.Database): void {
  const result = db.pragma('quick_check', { simple: true });
  if (result !== 'ok') throw new Error(`feedback database: integrity check failed (${String(result)})`);
}
