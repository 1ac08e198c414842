import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { backgroundSentences, writeCorpus } from '../bench/generate.js';
import { mulberry32, shuffled } from '../bench/random.js';
import { coldBreakdown, csv, markdownTable, retrievalTable, type BenchReport, type SizeReport } from '../bench/report.js';
import { readSquad, splitSquad, squadQuestions, type BenchQuestion } from '../bench/squad.js';
import { bundledTable, timeBundled } from '../bench/bundled.js';
import { runWorker, type WorkerMode, type WorkerResult } from '../bench/worker.js';
import { serverQuestions, writeServersCorpus } from '../bench/servers.js';
import { runServerWorker, type ServerWorkerMode, type ServerWorkerResult } from '../bench/serverWorker.js';
import { serversTable } from '../bench/serversReport.js';
import { chooseAnswerer, exitQuietlyOnBrokenPipe, readCommandLine } from './io.js';

const USAGE = `Usage: npm run bench -- [--sizes 1000,10000,100000] [--questions 200] [--seed 1] [--json] [--csv FILE]
                        [--squad data/squad/squad11-dev-part1.json] [--dir DIR]
       npm run bench -- --servers 1000 [--server-articles 5] [--library 1000] [--questions 200] [--seed 1] [--json]
  Generates seeded corpora of the given sizes (paragraphs) as article files under DIR (default: the
  system temp folder; reused when present) and measures, each in a fresh process, our cold start
  (build + save), our warm start (load) with per-question latency and answer quality, and the naive
  MiniSearch configuration (default options, fuzzy 0.2, every question word, OR) on the same questions.
  Prints a table (or, with --json, one JSON object) on stdout; writes a CSV for charts.
  With --servers N: a library (the bundled articles and --library generated paragraphs) and N servers with
  --server-articles articles each (one SQuAD article, the rest generated) under DIR/servers/<id>/articles;
  measures cold start, warm start, memory and scoped /ask latency of the one shared index (scope inside the
  ranker), and one index per scope on a sample of servers, side by side.`;

const WARMUP = 20;
const MODES: WorkerMode[] = ['ours-cold', 'ours-warm', 'naive'];

/** The fixed question set: SQuAD questions about the verbatim articles, shuffled by the seed. */
function questionSet(squadFile: string, seed: number, count: number): { warmup: BenchQuestion[]; questions: BenchQuestion[] } {
  const all = shuffled(squadQuestions(splitSquad(readSquad(squadFile)).asked), mulberry32(seed ^ 0x5eed));
  return { warmup: all.slice(0, WARMUP), questions: all.slice(WARMUP, WARMUP + count) };
}

/** Runs one measurement in a fresh Node process (so heap and timings of one pipeline do not leak into another). */
function runChild<R = WorkerResult>(mode: WorkerMode | ServerWorkerMode, dataDir: string, args: { squad: string; seed: number; questions: number }, extra: string[] = []): Promise<R> {
  const script = fileURLToPath(import.meta.url);
  const argv = [...process.execArgv, '--expose-gc', '--max-old-space-size=8192', script, '--worker', mode, '--dir', dataDir, '--squad', args.squad, '--seed', String(args.seed), '--questions', String(args.questions), ...extra];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`bench: the ${mode} measurement for ${dataDir} exited with code ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!) as R);
      } catch (error) {
        reject(new Error(`bench: the ${mode} measurement printed no result (${(error as Error).message})`));
      }
    });
  });
}

function status(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${text}`);
}

async function main(): Promise<number> {
  exitQuietlyOnBrokenPipe();
  const args = readCommandLine({
    options: {
      sizes: { type: 'string', default: '1000,10000,100000' },
      questions: { type: 'string', default: '200' },
      seed: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
      csv: { type: 'string' },
      squad: { type: 'string', default: 'data/squad/squad11-dev-part1.json' },
      dir: { type: 'string' },
      worker: { type: 'string' },
      servers: { type: 'string' },
      'server-articles': { type: 'string', default: '5' },
      library: { type: 'string', default: '1000' },
      answerer: { type: 'string' },
    },
  }, USAGE);
  if (typeof args === 'number') return args;
  const v = args.values;
  if (!chooseAnswerer(v.answerer)) return 2;
  if (v.answerer) process.env.ANSWERER = v.answerer; // the measuring child processes answer the same way
  const seed = Number(v.seed);
  const count = Number(v.questions);
  if (v.servers !== undefined) return benchServers(v, seed, count);
  if (v.worker) {
    const { warmup, questions } = questionSet(v.squad, seed, count);
    const result = await runWorker(v.worker as WorkerMode, v.dir!, questions, warmup);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  }
  const sizes = v.sizes.split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);
  if (sizes.length === 0 || !Number.isInteger(count) || count < 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  status('bench: the bundled article, both answerers…');
  const bundled = await timeBundled();
  const root = v.dir ?? path.join(os.tmpdir(), 'article-qa-bench');
  const { asked, background } = splitSquad(readSquad(v.squad));
  const pool = await backgroundSentences(background, 'data/articles');
  const reports: SizeReport[] = [];
  for (const size of sizes) {
    const dir = path.join(root, `seed${seed}-${size}`);
    status(`bench: writing a corpus of ${size.toLocaleString('en-US')} paragraphs to ${dir}…`);
    const corpus = await writeCorpus(dir, { paragraphs: size, seed }, asked, pool);
    const results: Partial<Record<WorkerMode, WorkerResult>> = {};
    for (const mode of MODES) {
      status(`bench: ${size.toLocaleString('en-US')} paragraphs: measuring ${mode}…\n`);
      results[mode] = await runChild(mode, dir, { squad: v.squad, seed, questions: count });
    }
    reports.push({ paragraphs: corpus.paragraphs, articles: corpus.articles, oursCold: results['ours-cold']!, oursWarm: results['ours-warm']!, naive: results.naive! });
  }
  status('');
  const report: BenchReport = {
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, totalMemGB: Math.round(os.totalmem() / 2 ** 30), loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100), node: process.version },
    seed,
    questions: count,
    bundled,
    sizes: reports,
  };
  const csvFile = v.csv ?? path.join(root, `bench-seed${seed}.csv`);
  await writeFile(csvFile, csv(report));
  if (v.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    process.stdout.write(`${bundledTable(bundled)}\n\n${markdownTable(report)}\n\nThe paragraph stage alone (per question):\n${retrievalTable(report)}\n\nCold start, by phase:\n${coldBreakdown(report)}\n\n`);
    process.stdout.write(`${count} SQuAD questions per size (after ${WARMUP} warm-up ones), seed ${seed}; ${report.machine.cpus} CPUs, load average ${report.machine.loadAverage.join(' ')}; ${report.machine.node}.\n`);
  }
  process.stderr.write(`bench: CSV written to ${csvFile}\n`);
  return 0;
}

/** The many-servers benchmark: one shared index with the scope inside the ranker vs one index per scope. */
async function benchServers(v: Record<string, string | boolean | undefined>, seed: number, count: number): Promise<number> {
  const servers = Number(v.servers);
  const perServer = Number(v['server-articles']);
  const libraryParagraphs = Number(v.library);
  if (![servers, perServer].every((n) => Number.isInteger(n) && n >= 1) || !Number.isInteger(libraryParagraphs) || libraryParagraphs < 0 || !Number.isInteger(count) || count < 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const squad = String(v.squad);
  const { asked, background } = splitSquad(readSquad(squad));
  const all = serverQuestions(asked, servers, seed, count + WARMUP);
  const warmup = all.slice(0, WARMUP);
  const questions = all.slice(WARMUP);
  if (v.worker) {
    const result = await runServerWorker(v.worker as ServerWorkerMode, String(v.dir), questions, warmup);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  }
  const root = typeof v.dir === 'string' ? v.dir : path.join(os.tmpdir(), 'article-qa-bench');
  const dir = path.join(root, `servers-seed${seed}-${servers}x${perServer}-lib${libraryParagraphs}`);
  status(`bench: writing ${servers} servers × ${perServer} articles and the library to ${dir}…`);
  const pool = await backgroundSentences(background, 'data/articles');
  const corpus = await writeServersCorpus(dir, { servers, perServer, libraryParagraphs, seed }, asked, pool, 'data/articles');
  const results: Partial<Record<ServerWorkerMode, ServerWorkerResult>> = {};
  for (const mode of ['servers-cold', 'servers-warm', 'servers-per-scope'] as ServerWorkerMode[]) {
    status(`bench: ${servers} servers: measuring ${mode}…\n`);
    const extra = ['--servers', String(servers), '--server-articles', String(perServer), '--library', String(libraryParagraphs)];
    results[mode] = await runChild<ServerWorkerResult>(mode, dir, { squad, seed, questions: count }, extra);
  }
  status('');
  const report = {
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, totalMemGB: Math.round(os.totalmem() / 2 ** 30), loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100), node: process.version },
    seed, questions: count, servers, perServer, libraryParagraphs, paragraphs: corpus.paragraphs, articles: corpus.articles,
    cold: results['servers-cold']!, warm: results['servers-warm']!, perScope: results['servers-per-scope']!,
  };
  if (v.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(`${serversTable(report)}\n`);
  return 0;
}

process.exitCode = await main();
