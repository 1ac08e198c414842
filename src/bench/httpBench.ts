/**
 * `npm run bench:http`: signed /ask interactions over loopback against the real endpoint running in a
 * child process, at several concurrencies, several runs each, medians reported. Measured side by side in
 * the same run: the dispatcher alone (no HTTP, no signature) and Ed25519 verification alone, so the
 * figures explain themselves.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import { readdir, readFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCommandContext, handleInteraction } from '../commands/index.js';
import { openIndex } from '../index/openIndex.js';
import { silentLogger } from '../logger.js';
import type { ServerStatsMessage } from './httpServer.js';
import { runLoad, type LoadResult, type PreparedRequest } from './httpLoad.js';
import { median } from './stats.js';

export interface BenchOptions {
  concurrency: number[];
  durationMs: number;
  runs: number;
  /** Per run, whatever the duration. */
  maxRequests: number;
  dataDir: string;
  /** Also run signed PINGs at this concurrency (0: don't). */
  pingConcurrency: number;
  log?: (line: string) => void;
}

export interface LevelSummary {
  concurrency: number;
  runs: LoadResult[];
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** Share of the server process's CPU time spent inside Ed25519 verification (median over runs). */
  verifyShare: number;
  /** Server CPU time (user + system) per answered request, in ms (median over runs). */
  serverCpuMs: number;
}

export interface BenchReport {
  node: string;
  cpus: number;
  /** The machine's 1-minute load average before and after: how much else was running (shared machines). */
  loadBefore: number;
  loadAfter: number;
  questions: number;
  dispatcherPerSecond: number;
  /** CPU time per /ask through the dispatcher alone, in ms: the answering work without HTTP or signatures. */
  dispatcherCpuMs: number;
  verifyMicros: number;
  levels: LevelSummary[];
  /** The same load of signed PINGs at the target concurrency: the endpoint's own ceiling (verify + HTTP + JSON). */
  ping?: LevelSummary | undefined;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Questions to ask: the project's gold questions (varied types), else a few fixed ones. */
export async function benchQuestions(dataDir: string): Promise<string[]> {
  const questions: string[] = [];
  const goldDir = path.join(dataDir, 'gold');
  for (const file of (await readdir(goldDir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort()) {
    const parsed = JSON.parse(await readFile(path.join(goldDir, file), 'utf8')) as { questions?: Array<{ question?: unknown }> };
    for (const q of parsed.questions ?? []) if (typeof q.question === 'string') questions.push(q.question);
  }
  return questions.length ? questions : ['Who met whom?', 'Where did the meeting take place?', 'When will they meet again?'];
}

/** A chat-input /ask interaction as Discord POSTs it. */
export function askInteraction(n: number, question: string): Record<string, unknown> {
  const id = String(1_300_000_000_000_000_000n + BigInt(n));
  const user = { id: String(500_000_000_000_000_000n + BigInt(n % 50)), username: `reader${n % 50}`, discriminator: '0', global_name: null, avatar: null };
  return {
    id,
    application_id: '100000000000000001',
    type: 2,
    token: `bench-token-${id}`,
    version: 1,
    guild_id: '400000000000000001',
    channel_id: '400000000000000002',
    channel: { id: '400000000000000002', type: 0, guild_id: '400000000000000001', name: 'general' },
    member: { user, roles: [], joined_at: '2025-01-01T00:00:00.000000+00:00', deaf: false, mute: false, permissions: '0', flags: 0 },
    app_permissions: '0',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': '400000000000000001' },
    context: 0,
    data: { id: '200000000000000001', name: 'ask', type: 1, options: [{ name: 'question', type: 3, value: question }] },
  };
}

/** A PING as Discord POSTs it (to measure the endpoint without the answering work). */
export function pingInteraction(n: number): Record<string, unknown> {
  return { id: String(1_300_000_000_000_000_000n + BigInt(n)), application_id: '100000000000000001', type: 1, token: `bench-token-${n}`, version: 1 };
}

/**
 * Signs `count` requests now (timestamps must be fresh, so each level signs its own): /ask interactions
 * round-robin over `questions`, or PINGs with `kind: 'ping'`.
 */
export function prepare(privateKey: KeyObject, questions: string[], count: number, kind: 'ask' | 'ping' = 'ask'): PreparedRequest[] {
  const ts = String(Math.floor(Date.now() / 1000));
  return Array.from({ length: count }, (_, n) => {
    const payload = kind === 'ping' ? pingInteraction(n) : askInteraction(n, questions[n % questions.length]!);
    const body = Buffer.from(JSON.stringify(payload));
    const signature = sign(null, Buffer.concat([Buffer.from(ts), body]), privateKey).toString('hex');
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'content-length': String(body.length),
        'x-signature-ed25519': signature,
        'x-signature-timestamp': ts,
      },
    };
  });
}

/** /ask answers per second through the dispatcher alone, in this process (no HTTP, no signature). */
async function dispatcherRate(dataDir: string, questions: string[], ms: number): Promise<{ perSecond: number; cpuMs: number }> {
  const index = await openIndex(dataDir);
  const context = createCommandContext({ index, logger: silentLogger, cooldown: { maxRequests: 0, windowMs: 1000 } });
  const run = async (limit: number) => {
    let n = 0;
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    while (performance.now() - start < limit) {
      await handleInteraction({ id: String(n), kind: 'command', userId: '1', name: 'ask', options: { question: questions[n % questions.length]! } }, context);
      n++;
    }
    const cpu = process.cpuUsage(cpuStart);
    return { perSecond: (n / (performance.now() - start)) * 1000, cpuMs: (cpu.user + cpu.system) / 1000 / n };
  };
  await run(300);
  const runs = [await run(ms), await run(ms), await run(ms)];
  return { perSecond: median(runs.map((r) => r.perSecond)), cpuMs: median(runs.map((r) => r.cpuMs)) };
}

/** Microseconds per Ed25519 verification of a typical /ask body. */
function verifyCost(privateKey: KeyObject, publicKey: KeyObject, body: Buffer): number {
  const message = Buffer.concat([Buffer.from('1700000000'), body]);
  const signature = sign(null, message, privateKey);
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const n = 1000;
    const start = performance.now();
    for (let i = 0; i < n; i++) if (!verify(null, message, publicKey, signature)) throw new Error('bench: verify failed');
    rounds.push(((performance.now() - start) / n) * 1000);
  }
  return median(rounds);
}

function ask(child: ChildProcess): Promise<ServerStatsMessage['stats']> {
  return new Promise((resolve) => {
    child.once('message', (m: ServerStatsMessage) => resolve(m.stats));
    child.send({ cmd: 'stats' });
  });
}

/** Runs the whole benchmark and returns the report (progress lines go to `log`). */
export async function runHttpBench(options: BenchOptions): Promise<BenchReport> {
  const log = options.log ?? (() => {});
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('hex');
  const questions = await benchQuestions(options.dataDir);
  const loadBefore = loadavg()[0]!;

  log(`dispatcher alone (this process, no HTTP)…`);
  const dispatcher = await dispatcherRate(options.dataDir, questions, 1000);
  const sample = prepare(privateKey, questions, 1)[0]!;
  const verifyMicros = verifyCost(privateKey, publicKey, sample.body);

  const child = fork(path.join(HERE, 'httpServer.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_PUBLIC_KEY: publicHex, DATA_DIR: options.dataDir },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  try {
    const [ready] = (await once(child, 'message')) as [{ ready: boolean; port: number }];
    const url = `http://127.0.0.1:${ready.port}/interactions`;
    const accept = (_status: number, body: Buffer) => body.subarray(0, 9).toString() === '{"type":4';

    log('warm-up…');
    await runLoad({ url, concurrency: 8, durationMs: 1500, maxRequests: 20_000, requests: prepare(privateKey, questions, 256), accept });

    const level = async (concurrency: number, kind: 'ask' | 'ping'): Promise<LevelSummary> => {
      const runs: LoadResult[] = [];
      const shares: number[] = [];
      const cpuPerRequest: number[] = [];
      const expect = kind === 'ping' ? '{"type":1}' : '{"type":4';
      const check = (_status: number, body: Buffer) => body.subarray(0, expect.length).toString() === expect;
      for (let r = 0; r < options.runs; r++) {
        const requests = prepare(privateKey, questions, 512, kind);
        const before = await ask(child);
        const result = await runLoad({ url, concurrency, durationMs: options.durationMs, maxRequests: options.maxRequests, requests, accept: check });
        const after = await ask(child);
        const cpu = after.cpuUserMs + after.cpuSystemMs - (before.cpuUserMs + before.cpuSystemMs);
        shares.push((after.verifyMs - before.verifyMs) / cpu);
        cpuPerRequest.push(cpu / Math.max(1, after.requests - before.requests));
        runs.push(result);
        log(
          `  ${kind} c=${concurrency} run ${r + 1}: ${result.perSecond.toFixed(0)}/s p50 ${result.p50Ms.toFixed(2)} ms p99 ${result.p99Ms.toFixed(2)} ms errors ${result.errors}` +
            (result.firstError ? ` (${result.firstError})` : ''),
        );
      }
      return {
        concurrency,
        runs,
        perSecond: median(runs.map((r) => r.perSecond)),
        p50Ms: median(runs.map((r) => r.p50Ms)),
        p99Ms: median(runs.map((r) => r.p99Ms)),
        errors: runs.reduce((n, r) => n + r.errors, 0),
        verifyShare: median(shares),
        serverCpuMs: median(cpuPerRequest),
      };
    };
    const levels: LevelSummary[] = [];
    for (const concurrency of options.concurrency) levels.push(await level(concurrency, 'ask'));
    const ping = options.pingConcurrency > 0 ? await level(options.pingConcurrency, 'ping') : undefined;
    return { node: process.version, cpus: availableParallelism(), loadBefore, loadAfter: loadavg()[0]!, questions: questions.length, dispatcherPerSecond: dispatcher.perSecond, dispatcherCpuMs: dispatcher.cpuMs, verifyMicros, levels, ping };
  } finally {
    child.disconnect();
    if (child.exitCode === null) child.kill();
  }
}

/** The report as a table for the terminal and docs. */
export function formatReport(report: BenchReport, options: BenchOptions): string {
  const row = (l: LevelSummary, label: string) =>
    `${label.padStart(11)} ${l.perSecond.toFixed(0).padStart(7)} ${l.p50Ms.toFixed(2).padStart(8)} ${l.p99Ms.toFixed(2).padStart(8)} ${String(l.errors).padStart(8)}   ${l.serverCpuMs.toFixed(3).padStart(17)} (${(1000 / l.serverCpuMs).toFixed(0).padStart(5)})               ${(l.verifyShare * 100).toFixed(1)}%`;
  const lines = [
    `signed /ask over loopback: server in a child process (real logger, cooldown off), ${options.runs} run(s) × ${options.durationMs / 1000} s per level, medians`,
    `node ${report.node}, ${report.cpus} cores, load average ${report.loadBefore.toFixed(1)} before and ${report.loadAfter.toFixed(1)} after (other work on the machine), ${report.questions} gold questions round-robin`,
    '',
    'concurrency   req/s   p50 ms   p99 ms   errors   server CPU ms/req (→ req/s per full core)   verify share of server CPU',
    ...report.levels.map((l) => row(l, String(l.concurrency))),
    ...(report.ping ? [row(report.ping, `PING c=${report.ping.concurrency}`)] : []),
    '',
    `side by side: dispatcher alone (no HTTP, no signature) ${report.dispatcherPerSecond.toFixed(0)} /ask per second, ${report.dispatcherCpuMs.toFixed(3)} ms CPU each; Ed25519 verify ${report.verifyMicros.toFixed(0)} µs each (${(1e6 / report.verifyMicros).toFixed(0)}/s)`,
  ];
  return lines.join('\n');
}
