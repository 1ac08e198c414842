/**
 * The feedback database's schema, as numbered steps. `PRAGMA user_version` holds how many have been
 * applied; each step runs in its own transaction together with the version bump, so a crash leaves the
 * schema at one version or the next, never between. Append steps; never edit one that has shipped.
 */
import type { Database } from 'better-sqlite3';

export const MIGRATIONS: readonly string[] = [
  // 1: answers as given (the id is the interaction the answer replied to), votes on them, a key-value table.
  `
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;

  CREATE TABLE answers (
    id            TEXT PRIMARY KEY,      -- the interaction id of the question (a Discord snowflake)
    guild_id      TEXT,                  -- NULL: asked in a DM
    question      TEXT NOT NULL,
    answer        TEXT,                  -- NULL: "the article doesn't say"
    answer_type   TEXT NOT NULL,
    confidence    REAL NOT NULL,
    citations     TEXT NOT NULL,         -- JSON: [{ "id", "articleId", "paragraph" }], in the order shown
    model_version TEXT NOT NULL,
    created_at    INTEGER NOT NULL       -- ms since the epoch
  ) STRICT;
  CREATE INDEX answers_by_guild ON answers (guild_id);

  CREATE TABLE votes (
    answer_id TEXT NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
    user_hash TEXT NOT NULL,             -- HMAC-SHA256 of the Discord user id under the salt; never the id
    value     INTEGER NOT NULL CHECK (value IN (-1, 1)),
    voted_at  INTEGER NOT NULL,          -- ms since the epoch; the time of the latest change
    PRIMARY KEY (answer_id, user_hash)
  ) STRICT;
  CREATE INDEX votes_by_time ON votes (voted_at);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Thrown when the file was written by a newer bot: we refuse to guess at a schema we do not know. */
export class SchemaTooNewError extends Error {
  override name = 'SchemaTooNewError';
}

/**
 * Brings the schema up to `SCHEMA_VERSION`; returns the version it found. Each step reads the version and
 * applies the next step under one write lock: two processes opening a new file at once (the workers of
 * `--workers`) would otherwise both read version 0 and the second would fail on "table already exists".
 */
export function migrate(db: Database, migrations: readonly string[] = MIGRATIONS): number {
  let found: number | undefined;
  const step = db.transaction((): boolean => {
    const version = Number(db.pragma('user_version', { simple: true }));
    found ??= version;
    if (version > migrations.length) {
      throw new SchemaTooNewError(`feedback database: schema version ${version} is newer than this bot knows (${migrations.length})`);
    }
    if (version === migrations.length) return false;
    db.exec(migrations[version]!);
    db.pragma(`user_version = ${version + 1}`);
    return true;
  });
  // One step per transaction, until the schema is current.
  while (step.immediate()) continue;
  return found!;
}
