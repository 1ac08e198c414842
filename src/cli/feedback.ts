/**
 * `npm run feedback -- [--since DATE] [--server ID|dm] [--json] [--export FILE] [--limit N] [--data DIR]`:
 * what users' 👍 / 👎 say, read from `DIR/bot.db` (default `data`, or `DATA_DIR`). Opens the database
 * read-only, so it can run while the bot is writing (WAL).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DATABASE_FILE, openReadOnly } from '../feedback/database.js';
import { formatReport, reportJson } from '../feedback/format.js';
import { exportPaths, goldDrafts } from '../feedback/goldExport.js';
import { SCHEMA_VERSION } from '../feedback/migrations.js';
import { buildReport, countAnswers, readVotes, type FeedbackReport, type ReportFilter } from '../feedback/report.js';
import { writeFileAtomic } from '../files/writeFileAtomic.js';
import { exitQuietlyOnBrokenPipe } from './io.js';

const USAGE = 'usage: npm run feedback -- [--since DATE] [--server ID|dm] [--json] [--export FILE] [--limit N] [--data DIR]';
const EMPTY: FeedbackReport = { up: 0, down: 0, answersGiven: 0, answersVoted: 0, voters: 0, byType: [], byConfidence: [], questions: [] };

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        data: { type: 'string', default: process.env.DATA_DIR?.trim() || 'data' },
        since: { type: 'string' },
        server: { type: 'string' },
        json: { type: 'boolean', default: false },
        export: { type: 'string' },
        limit: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
  if (values.help) return fail(USAGE, 0);
  const since = values.since === undefined ? undefined : Date.parse(values.since);
  if (since !== undefined && Number.isNaN(since)) return fail(`--since must be a date such as 2026-12-01 or 2026-12-01T09:00Z (got ${JSON.stringify(values.since)})`, 2);
  if (values.server !== undefined && !/^(\d{17,20}|dm)$/i.test(values.server)) return fail('--server must be a server (guild) id, 17 to 20 digits, or dm', 2);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) return fail('--limit must be a whole number above 0', 2);
  const filter: ReportFilter = { since, server: values.server };

  const file = path.join(values.data, DATABASE_FILE);
  let report = EMPTY;
  if (!existsSync(file)) {
    process.stderr.write(`No feedback database at ${file} yet: the bot creates it on its first start in Discord or HTTP mode.\n`);
  } else {
    try {
      report = read(file, filter);
    } catch (error) {
      return fail(`Could not read ${file}: ${(error as Error).message}`, 1);
    }
  }

  if (values.json) process.stdout.write(reportJson(report, limit));
  else process.stdout.write(formatReport(report, { file, server: values.server, since: values.since, limit: limit ?? 5 }));

  if (values.export !== undefined) {
    const drafts = goldDrafts(report.questions);
    const paths = exportPaths(values.export, [...drafts.keys()]);
    if (drafts.size === 0) process.stderr.write('No 👎 questions to export; nothing written.\n');
    for (const [article, draft] of drafts) {
      const target = paths.get(article)!;
      await writeFileAtomic(target, `${JSON.stringify(draft, null, 2)}\n`);
      process.stderr.write(`wrote ${target} (${draft.questions.length} 👎 question${draft.questions.length === 1 ? '' : 's'}${article ? ` about ${article}` : ', no passage cited'})\n`);
    }
  }
  return 0;
}

function read(file: string, filter: ReportFilter): FeedbackReport {
  const db = openReadOnly(file);
  try {
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version === 0) return EMPTY; // Created, never migrated: no tables yet.
    if (version > SCHEMA_VERSION) throw new Error(`schema version ${version} is newer than this tool knows (${SCHEMA_VERSION})`);
    return buildReport(readVotes(db, filter), countAnswers(db, filter));
  } finally {
    db.close();
  }
}

function fail(message: string, code: number): number {
  (code === 0 ? process.stdout : process.stderr).write(`${message}\n`);
  return code;
}

exitQuietlyOnBrokenPipe();
process.exitCode = await main(process.argv.slice(2));
