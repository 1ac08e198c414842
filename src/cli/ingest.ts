/**
 * `npm run ingest -- <path or URL> [--data DIR]`: adds one article to `DIR/articles` (default `data`,
 * or `DATA_DIR`). The operator runs this, so every http(s) address is allowed, loopback included; the
 * Discord command uses the strict address policy instead.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ingest } from '../ingest/ingest.js';
import { TRUSTING_POLICY } from '../ingest/safeAddress.js';
import { exitQuietlyOnBrokenPipe } from './io.js';

const USAGE = 'usage: npm run ingest -- <file.html|file.md|file.txt|http(s)://…> [--data DIR] [--timeout SECONDS]';

interface Args {
  source: string;
  dataDir: string;
  timeoutMs?: number;
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): Args | string {
  let source: string | undefined;
  let dataDir = env.DATA_DIR?.trim() || 'data';
  let timeoutMs: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') ? (arg.split(/=(.*)/s, 2) as [string, string | undefined]) : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--data') {
      const v = value();
      if (!v) return '--data needs a folder';
      dataDir = v;
    } else if (flag === '--timeout') {
      const seconds = Number(value());
      if (!(seconds > 0)) return '--timeout needs a number of seconds above 0';
      timeoutMs = seconds * 1000;
    } else if (flag === '--help' || flag === '-h') return USAGE;
    else if (flag.startsWith('--')) return `unknown option ${flag}`;
    else if (source) return `one source at a time (got ${JSON.stringify(source)} and ${JSON.stringify(arg)})`;
    else source = arg;
  }
  if (!source) return USAGE;
  return { source, dataDir, ...(timeoutMs ? { timeoutMs } : {}) };
}

/** Where the CLI writes; a parameter so the tests can run it in-process and read what it printed. */
export interface CliOutput {
  log: (line: string) => void;
  error: (line: string) => void;
}

/** Runs the ingest command line and returns its exit code: 0 written, 1 failed (nothing written), 2 usage. */
export async function runIngestCli(argv: string[], out: CliOutput = console, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = parseArgs(argv, env);
  if (typeof args === 'string') {
    out.error(args);
    return 2;
  }
  const outcome = await ingest(args.source, {
    dataDir: args.dataDir,
    fetch: { policy: TRUSTING_POLICY, ...(args.timeoutMs ? { timeoutMs: args.timeoutMs } : {}) },
  });
  if (!outcome.ok) {
    out.error(`ingest failed (${outcome.error.code}): ${outcome.error.message}`);
    out.error('nothing was written');
    return 1;
  }
  const { status, file, article, words } = outcome.result;
  const verb = status === 'created' ? 'wrote' : status === 'updated' ? 'updated' : 'unchanged';
  const relative = path.relative(process.cwd(), file);
  out.log(`${verb} ${relative && !relative.startsWith('..') ? relative : file}`);
  out.log(`  title:      ${article.title}`);
  if (article.source) out.log(`  source:     ${article.source}`);
  if (article.url) out.log(`  url:        ${article.url}`);
  if (article.published) out.log(`  published:  ${article.published}`);
  if (article.language) out.log(`  language:   ${article.language}`);
  out.log(`  paragraphs: ${article.paragraphs.length}`);
  out.log(`  words:      ${words}`);
  return 0;
}

// Run only when executed (`tsx src/cli/ingest.ts`), not when a test imports it.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  exitQuietlyOnBrokenPipe();
  runIngestCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error('ingest crashed:', error);
      process.exitCode = 1;
    },
  );
}
