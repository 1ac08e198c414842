/**
 * The feedback store on a real SQLite file: schema and WAL, one vote per user per answer, tenants,
 * no raw user ids on disk, and what a corrupt or locked database does (voting off, logged, no throw).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWritable } from '../../src/feedback/database.js';
import { migrate, SCHEMA_VERSION, SchemaTooNewError } from '../../src/feedback/migrations.js';
import { openFeedback } from '../../src/feedback/store.js';
import type { FeedbackStore } from '../../src/feedback/types.js';
import { createLogger } from '../../src/logger.js';
import { ask } from '../../src/qa/ask.js';
import { bundledIndex, ROOT } from '../helpers.js';

const GUILD = '400000000000000001';
const OTHER_GUILD = '400000000000000009';
const USER = '400000000000000003';
let dataDir: string;
let logs: Array<Record<string, any>>;
const open = (salt?: string) => openFeedback({ dataDir, salt, logger: createLogger({ write: (l) => logs.push(JSON.parse(l)) }) });

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'qa-bot-feedback-'));
  logs = [];
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Records the real answer to `question`; `guildId` null means asked in a DM. */
async function given(store: FeedbackStore, id: string, question: string, guildId: string | null = GUILD) {
  return store.recordAnswer({ id, guildId: guildId ?? undefined, answer: ask(await bundledIndex(), question), at: Date.parse('2026-12-01T09:00:00Z') });
}

describe('GIVEN a fresh DATA_DIR', () => {
  it('THEN bot.db is created in WAL mode at the current schema version, with the answer as given', async () => {
    const store = open();
    expect(store.enabled).toBe(true);
    expect(await given(store, '500000000000000001', 'Who met whom?')).toBe('500000000000000001');
    store.close();
    const db = new Database(path.join(dataDir, 'bot.db'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const row = db.prepare('SELECT * FROM answers').get() as Record<string, unknown>;
    expect(row).toMatchObject({
      id: '500000000000000001',
      guild_id: GUILD,
      question: 'Who met whom?',
      answer: 'Agus Gumiwang Kartasasmita met Ken Saito',
      answer_type: 'relation',
      model_version: 'rules',
    });
    expect(JSON.parse(String(row.citations))[0]).toEqual({ id: 'indonesia-japan-automotive#p1', articleId: 'indonesia-japan-automotive', paragraph: 1 });
    db.close();
  });
});

describe('votes', () => {
  it('GIVEN 👍, 👍 again, then 👎 THEN recorded, unchanged, changed — and one row holds 👎', async () => {
    const store = open();
    const id = (await given(store, '500000000000000002', 'Where did the meeting take place?'))!;
    const vote = (value: 'up' | 'down') => store.vote({ answerId: id, guildId: GUILD, userId: USER, value, at: Date.now() });
    expect(vote('up')).toBe('recorded');
    expect(vote('up')).toBe('unchanged');
    expect(vote('down')).toBe('changed');
    expect(vote('down')).toBe('unchanged');
    // A second person's vote is their own.
    expect(store.vote({ answerId: id, guildId: GUILD, userId: '400000000000000004', value: 'up', at: Date.now() })).toBe('recorded');
    store.close();
    const db = new Database(path.join(dataDir, 'bot.db'), { readonly: true });
    expect(db.prepare('SELECT value FROM votes ORDER BY value').all()).toEqual([{ value: -1 }, { value: 1 }]);
    db.close();
  });

  it('GIVEN an answer given in one server THEN a vote from another server, a DM or on an unknown id counts nothing', async () => {
    const store = open();
    const id = (await given(store, '500000000000000003', 'Who met whom?'))!;
    const dm = (await given(store, '500000000000000004', 'Who met whom?', null))!;
    expect(store.vote({ answerId: id, guildId: OTHER_GUILD, userId: USER, value: 'down', at: 1 })).toBe('unknown-answer');
    expect(store.vote({ answerId: id, guildId: undefined, userId: USER, value: 'down', at: 1 })).toBe('unknown-answer');
    expect(store.vote({ answerId: dm, guildId: GUILD, userId: USER, value: 'down', at: 1 })).toBe('unknown-answer');
    expect(store.vote({ answerId: '599999999999999999', guildId: GUILD, userId: USER, value: 'down', at: 1 })).toBe('unknown-answer');
    expect(store.vote({ answerId: dm, guildId: undefined, userId: USER, value: 'up', at: 1 })).toBe('recorded');
    store.close();
  });

  it('GIVEN votes THEN the user id is nowhere on disk, and the generated salt outlives a reopen (the same user is still one vote)', async () => {
    const first = open();
    const id = (await given(first, '500000000000000005', 'Who met whom?'))!;
    expect(first.vote({ answerId: id, guildId: GUILD, userId: USER, value: 'up', at: 1 })).toBe('recorded');
    for (const file of await readdir(dataDir)) expect((await readFile(path.join(dataDir, file))).includes(USER)).toBe(false);
    first.close();
    const again = open();
    expect(again.vote({ answerId: id, guildId: GUILD, userId: USER, value: 'up', at: 2 })).toBe('unchanged');
    again.close();
    // FEEDBACK_SALT set: another salt, so (deliberately) another voter.
    const salted = open('a configured salt of some length');
    expect(salted.vote({ answerId: id, guildId: GUILD, userId: USER, value: 'up', at: 3 })).toBe('recorded');
    salted.close();
  });
});

describe('a database that cannot be used', () => {
  it('GIVEN a corrupt bot.db THEN voting is off, the failure is logged, nothing throws and the file is left alone', async () => {
    const garbage = Buffer.from('this is not an SQLite database '.repeat(200));
    await writeFile(path.join(dataDir, 'bot.db'), garbage);
    const store = open();
    expect(store.enabled).toBe(false);
    expect(await given(store, '500000000000000006', 'Who met whom?')).toBeUndefined();
    expect(store.vote({ answerId: '500000000000000006', guildId: GUILD, userId: USER, value: 'up', at: 1 })).toBe('unavailable');
    expect(logs).toMatchObject([{ level: 'error', msg: 'feedback database unavailable; voting is off for this run', error: { code: 'SQLITE_NOTADB' } }]);
    expect(await readFile(path.join(dataDir, 'bot.db'))).toEqual(garbage);
  });

  it('GIVEN another connection holds the write lock past the busy timeout THEN the vote is "unavailable", logged, and voting stays off', async () => {
    const store = open();
    const id = (await given(store, '500000000000000007', 'Who met whom?'))!;
    await new Promise((resolve) => setImmediate(resolve)); // the answer is written at the end of its event-loop turn
    const other = new Database(path.join(dataDir, 'bot.db'));
    other.exec('BEGIN IMMEDIATE');
    try {
      expect(store.vote({ answerId: id, guildId: GUILD, userId: USER, value: 'up', at: 1 })).toBe('unavailable');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(store.enabled).toBe(false);
    expect(await given(store, '500000000000000008', 'Who met whom?')).toBeUndefined();
    expect(logs.filter((l) => l.level === 'error')).toMatchObject([{ msg: 'feedback database failed; voting is off for this run', action: 'vote', error: { code: 'SQLITE_BUSY' } }]);
  });

  it('GIVEN answers given in one turn of the event loop THEN they are written together at its end, and a vote right away finds its answer', async () => {
    const store = open();
    const index = await bundledIndex();
    const at = Date.parse('2026-12-01T09:00:00Z');
    const ids = ['500000000000000011', '500000000000000012', '500000000000000013'];
    for (const id of ids) expect(store.recordAnswer({ id, guildId: GUILD, answer: ask(index, 'Who met whom?'), at })).toBe(id);
    const reader = new Database(path.join(dataDir, 'bot.db'), { readonly: true });
    const count = () => (reader.prepare('SELECT count(*) AS n FROM answers').get() as { n: number }).n;
    expect(count()).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(count()).toBe(3);
    // Given and voted on in the same turn: the vote writes the answer first.
    const fresh = store.recordAnswer({ id: '500000000000000014', guildId: GUILD, answer: ask(index, 'Who met whom?'), at })!;
    expect(store.vote({ answerId: fresh, guildId: GUILD, userId: USER, value: 'up', at })).toBe('recorded');
    expect(count()).toBe(4);
    reader.close();
    store.close();
  });

  it('GIVEN the write lock held when the answers of a turn are written THEN voting is off and the failed write is logged; answering goes on', async () => {
    const store = open();
    const other = new Database(path.join(dataDir, 'bot.db'));
    other.exec('BEGIN IMMEDIATE');
    try {
      expect(await given(store, '500000000000000015', 'Who met whom?')).toBe('500000000000000015');
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(store.enabled).toBe(false);
    expect(store.vote({ answerId: '500000000000000015', guildId: GUILD, userId: USER, value: 'up', at: 1 })).toBe('unavailable');
    expect(logs.filter((l) => l.level === 'error')).toMatchObject([{ msg: 'feedback database failed; voting is off for this run', action: 'record answer', error: { code: 'SQLITE_BUSY' } }]);
  });

  it('GIVEN a database from a newer bot THEN it is refused rather than guessed at', () => {
    const file = path.join(dataDir, 'bot.db');
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openWritable(file)).toThrow(SchemaTooNewError);
    expect(open().enabled).toBe(false);
  });

  it('GIVEN a migration that fails half-way THEN neither its tables nor its version bump are kept', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, ['CREATE TABLE a (x INTEGER);', 'CREATE TABLE b (x INTEGER); CREATE TABLE b (x INTEGER);'])).toThrow(/already exists/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([{ name: 'a' }]);
    db.close();
  });

  it('GIVEN several processes opening a new database at once THEN every one migrates it and keeps voting on', async () => {
    const file = path.join(dataDir, 'bot.db');
    // Every process waits for the same moment, so that they open the file together, as --workers does.
    const at = Date.now() + 3000;
    const script = `import { openWritable } from ${JSON.stringify(path.join(ROOT, 'src/feedback/database.ts'))};
      while (Date.now() < ${at});
      openWritable(${JSON.stringify(file)}).close();`;
    const runs = Array.from({ length: 6 }, () => new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stderr }));
    }));
    for (const run of await Promise.all(runs)) expect(run.code, run.stderr).toBe(0);
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  }, 30_000);
});
