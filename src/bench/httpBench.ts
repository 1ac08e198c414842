/**
 * `npm run bench:http`: signed /ask interactions over loopback against the real endpoint running in a
 * child process, at several concurrencies, several runs each, medians reported. Measured side by side in
 * the same run: the dispatcher alone (no HTTP, no signature) and Ed25519 verification alone, so the
 * figures explain themselves.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCommandContext, handleInteraction } from '../commands/index.js';
import { createCooldown } from '../commands/cooldown.js';
import { serveCooldown } from '../scale/sharedCooldown.js';
import type { CooldownClientResult } from './cooldownClient.js';
import { openIndex } from '../index/openIndex.js';
import { silentLogger } from '../logger.js';
import type { ServerStatsMessage } from './httpServer.js';
import { runLoad, type LoadResult, type PreparedRequest } from './httpLoad.js';
import { median } from './stats.js';

export type CooldownMode = 'shared' | 'off';

export interface BenchOptions {
  /** Worker counts to compare, each a `--workers N` cluster started fresh. */
  workers: number[];
  /** `shared`: the primary's cooldown, asked over IPC for every /ask; `off`: none (what the IPC costs). */
  cooldown: CooldownMode[];
  concurrency: number[];
  durationMs: number;
  runs: number;
  /** Per run, whatever the duration; also how many distinct users (one request each) are signed per run. */
  maxRequests: number;
  dataDir: string;
  /** Also run signed PINGs at this concurrency (0: don't), once per worker count. */
  pingConcurrency: number;
  log?: (line: string) => void;
}

export interface LevelSummary {
  workers: number;
  cooldown: CooldownMode;
  concurrency: number;
  runs: LoadResult[];
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** Share of the server processes' CPU time spent inside Ed25519 verification (median over runs). */
  verifyShare: number;
  /** Server CPU time (user + system, primary and workers) per answered request, in ms (median over runs). */
  serverCpuMs: number;
  /** The primary's CPU per answered request, in µs (median over runs): the cooldown it answers, connection hand-off. */
  primaryCpuMicros: number;
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
  /** The cooldown over IPC on its own (when `shared` is measured): turns per second and CPU per turn on each side. */
  cooldownIpc?: { perSecond: number; holderMicros: number; askerMicros: number; refused: number; fallbacks: number } | undefined;
  levels: LevelSummary[];
  /** Signed PINGs per worker count: the endpoint's own ceiling (verify + HTTP + JSON, no answering). */
  pings: LevelSummary[];
}

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Questions to ask: the project's gold and paraphrase questions (`DATA_DIR/gold`, `DATA_DIR/paraphrase`), else a few fixed ones. */
export async function benchQuestions(dataDir: string): Promise<string[]> {
  const questions: string[] = [];
  for (const set of ['gold', 'paraphrase']) {
    const dir = path.join(dataDir, set);
    for (const file of (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort()) {
      const parsed = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as { questions?: Array<{ question?: unknown }> };
      for (const q of parsed.questions ?? []) if (typeof q.question === 'string') questions.push(q.question);
    }
  }
  return questions.length ? questions : ['Who met whom?', 'Where did the meeting take place?', 'When will they meet again?'];
}

/** A chat-input /ask interaction as Discord POSTs it, from user number `n` (each `n` its own user). */
export function askInteraction(n: number, question: string): Record<string, unknown> {
  const id = String(1_300_000_000_000_000_000n + BigInt(n));
  const user = { id: String(500_000_000_000_000_000n + BigInt(n)), username: `reader${n}`, discriminator: '0', global_name: null, avatar: null };
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
 * Signs `count` requests now (timestamps must be fresh, so each run signs its own): /ask interactions from
 * users `first`, `first + 1`, … (one request each), their questions round-robin over `questions`; or PINGs
 * with `kind: 'ping'`.
 */
export function prepare(privateKey: KeyObject, questions: string[], count: number, kind: 'ask' | 'ping' = 'ask', first = 0): PreparedRequest[] {
  const ts = String(Math.floor(Date.now() / 1000));
  return Array.from({ length: count }, (_, i) => {
    const n = first + i;
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

function serverStats(child: ChildProcess): Promise<ServerStatsMessage['stats']> {
  return new Promise((resolve) => {
    child.once('message', (m: ServerStatsMessage) => resolve(m.stats));
    child.send({ cmd: 'stats' });
  });
}

/** An /ask answer (a type-4 message with the cited answer's embed), not a notice such as the cooldown's. */
function isAnswer(_status: number, body: Buffer): boolean {
  return body.subarray(0, 9).toString() === '{"type":4' && body.includes('"embeds":[') && !body.includes('"flags":64');
}

const isPong = (_status: number, body: Buffer) => body.toString() === '{"type":1}';

interface Server {
  workers: number;
  cooldown: CooldownMode;
  child: ChildProcess;
  exited: Promise<unknown>;
  url: string;
}

/** One `--workers N` cluster in a child process (src/bench/httpServer.ts), listening. */
async function startServer(workers: number, cooldown: CooldownMode, publicHex: string, dataDir: string): Promise<Server> {
  const child = fork(path.join(HERE, 'httpServer.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_PUBLIC_KEY: publicHex, BENCH_WORKERS: String(workers), BENCH_COOLDOWN: cooldown, DATA_DIR: dataDir },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit');
  const [ready] = (await Promise.race([once(child, 'message'), exited.then(() => [{ ready: false, port: 0 }])])) as [{ ready: boolean; port: number }];
  if (!ready.ready) throw new Error(`bench: the --workers ${workers} server did not start`);
  return { workers, cooldown, child, exited, url: `http://127.0.0.1:${ready.port}/interactions` };
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.connected) server.child.disconnect();
  await Promise.race([server.exited, new Promise((r) => setTimeout(r, 20_000))]);
  if (server.child.exitCode === null) server.child.kill('SIGKILL');
}

/** The cooldown over IPC on its own: a child asks `count` turns of this process, 32 at a time; CPU on both sides. */
async function cooldownIpcCost(count: number): Promise<BenchReport['cooldownIpc']> {
  const child = fork(path.join(HERE, 'cooldownClient.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  try {
    await once(child, 'message');
    serveCooldown(child, createCooldown({ maxRequests: 5, windowMs: 10_000 }));
    const rounds: Array<NonNullable<BenchReport['cooldownIpc']>> = [];
    for (let r = 0; r < 3; r++) {
      const cpu = process.cpuUsage();
      child.send({ cmd: 'go', count, concurrency: 32 });
      const result = await new Promise<CooldownClientResult>((resolve) => {
        const onMessage = (message: { result?: CooldownClientResult }) => {
          if (!message.result) return; // The child's cooldown questions come this way too.
          child.off('message', onMessage);
          resolve(message.result);
        };
        child.on('message', onMessage);
      });
      const held = process.cpuUsage(cpu);
      rounds.push({
        perSecond: (result.takes / result.elapsedMs) * 1000,
        holderMicros: (((held.user + held.system) / 1000) / result.takes) * 1000,
        askerMicros: (result.cpuMs / result.takes) * 1000,
        refused: result.refused,
        fallbacks: result.fallbacks,
      });
    }
    return {
      perSecond: median(rounds.map((r) => r.perSecond)),
      holderMicros: median(rounds.map((r) => r.holderMicros)),
      askerMicros: median(rounds.map((r) => r.askerMicros)),
      refused: rounds.reduce((n, r) => n + r.refused, 0),
      fallbacks: rounds.reduce((n, r) => n + r.fallbacks, 0),
    };
  } finally {
    child.disconnect();
  }
}

/**
 * Runs the whole benchmark and returns the report (progress lines go to `log`). Every server config is
 * started first and the runs take turns between them, in a rotating order, so load from elsewhere on a
 * shared machine falls on every config alike rather than on whichever happened to run last.
 */
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
  log('cooldown over IPC alone…');
  const cooldownIpc = options.cooldown.includes('shared') ? await cooldownIpcCost(20_000) : undefined;
  // Users are numbered across the whole run: no user asks twice, whichever server they reach.
  let nextUser = 0;
  const sign = (count: number, kind: 'ask' | 'ping') => {
    const requests = prepare(privateKey, questions, count, kind, nextUser);
    nextUser += count;
    return requests;
  };

  // The servers run on a copy of the articles: the answers they store for votes (DATA_DIR/bot.db), their
  // index cache and watcher folders go there, not into the data folder being measured.
  const serverData = await mkdtemp(path.join(tmpdir(), 'qa-bot-bench-http-'));
  for (const folder of ['articles', 'servers']) {
    await cp(path.join(options.dataDir, folder), path.join(serverData, folder), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  const servers: Server[] = [];
  try {
    for (const workers of options.workers) {
      for (const cooldown of options.cooldown) {
        log(`server: --workers ${workers}, cooldown ${cooldown}…`);
        const server = await startServer(workers, cooldown, publicHex, serverData);
        servers.push(server);
        // Warm-up as long and as wide as a measured run, so every worker's code is compiled hot before any
        // run counts (a shorter one left each server's first run well below its later ones).
        const widest = Math.max(...options.concurrency);
        await runLoad({ url: server.url, concurrency: widest, durationMs: options.durationMs, maxRequests: options.maxRequests, requests: sign(options.maxRequests, 'ask'), accept: isAnswer });
      }
    }

    interface Sample {
      result: LoadResult;
      share: number;
      cpuMs: number;
      primaryMicros: number;
    }
    const samples = new Map<string, Sample[]>();
    const measure = async (server: Server, concurrency: number, kind: 'ask' | 'ping', round: number) => {
      const requests = sign(options.maxRequests, kind);
      const before = await serverStats(server.child);
      const result = await runLoad({ url: server.url, concurrency, durationMs: options.durationMs, maxRequests: options.maxRequests, requests, accept: kind === 'ping' ? isPong : isAnswer });
      const after = await serverStats(server.child);
      const cpu = after.cpuMs - before.cpuMs;
      const answered = Math.max(1, after.requests - before.requests);
      const key = `${kind} ${server.workers} ${server.cooldown} ${concurrency}`;
      samples.set(key, [...(samples.get(key) ?? []), { result, share: (after.verifyMs - before.verifyMs) / cpu, cpuMs: cpu / answered, primaryMicros: ((after.primaryCpuMs - before.primaryCpuMs) / answered) * 1000 }]);
      log(
        `  round ${round + 1} ${kind} workers=${server.workers} cooldown=${server.cooldown} c=${concurrency}: ${result.perSecond.toFixed(0)}/s p50 ${result.p50Ms.toFixed(2)} ms p99 ${result.p99Ms.toFixed(2)} ms errors ${result.errors}` +
          (result.firstError ? ` (${result.firstError})` : ''),
      );
    };
    const rotate = <T>(list: T[], by: number) => list.map((_, i) => list[(i + by) % list.length]!);
    const pingServers = servers.filter((s) => s.cooldown === options.cooldown[0]);
    for (let round = 0; round < options.runs; round++) {
      for (const server of rotate(servers, round)) for (const concurrency of options.concurrency) await measure(server, concurrency, 'ask', round);
      // PINGs never reach the cooldown: one server per worker count is enough.
      if (options.pingConcurrency > 0) for (const server of rotate(pingServers, round)) await measure(server, options.pingConcurrency, 'ping', round);
    }

    const summary = (server: Server, concurrency: number, kind: 'ask' | 'ping'): LevelSummary => {
      const runs = samples.get(`${kind} ${server.workers} ${server.cooldown} ${concurrency}`) ?? [];
      return {
        workers: server.workers,
        cooldown: server.cooldown,
        concurrency,
        runs: runs.map((s) => s.result),
        perSecond: median(runs.map((s) => s.result.perSecond)),
        p50Ms: median(runs.map((s) => s.result.p50Ms)),
        p99Ms: median(runs.map((s) => s.result.p99Ms)),
        errors: runs.reduce((n, s) => n + s.result.errors, 0),
        verifyShare: median(runs.map((s) => s.share)),
        serverCpuMs: median(runs.map((s) => s.cpuMs)),
        primaryCpuMicros: median(runs.map((s) => s.primaryMicros)),
      };
    };
    const levels = servers.flatMap((server) => options.concurrency.map((c) => summary(server, c, 'ask')));
    const pings = options.pingConcurrency > 0 ? pingServers.map((server) => summary(server, options.pingConcurrency, 'ping')) : [];
    return { node: process.version, cpus: availableParallelism(), loadBefore, loadAfter: loadavg()[0]!, questions: questions.length, dispatcherPerSecond: dispatcher.perSecond, dispatcherCpuMs: dispatcher.cpuMs, verifyMicros, cooldownIpc, levels, pings };
  } finally {
    await Promise.all(servers.map(stopServer));
    await rm(serverData, { recursive: true, force: true });
  }
}

/** The report as a table for the terminal and docs, worker counts side by side, with the ratio to the first. */
export function formatReport(report: BenchReport, options: BenchOptions): string {
  const base = (l: LevelSummary) => report.levels.find((b) => b.workers === options.workers[0] && b.cooldown === l.cooldown && b.concurrency === l.concurrency);
  const row = (l: LevelSummary, label: string) => {
    const ratio = base(l) && label !== 'PING' ? `×${(l.perSecond / base(l)!.perSecond).toFixed(2)}` : '';
    return [
      String(l.workers).padStart(7),
      label.padStart(8),
      String(l.concurrency).padStart(4),
      l.perSecond.toFixed(0).padStart(9),
      ratio.padStart(6),
      l.p50Ms.toFixed(2).padStart(7),
      l.p99Ms.toFixed(2).padStart(7),
      String(l.errors).padStart(6),
      l.serverCpuMs.toFixed(3).padStart(13),
      l.primaryCpuMicros.toFixed(0).padStart(11),
      `${(l.verifyShare * 100).toFixed(1)}%`.padStart(9),
    ].join(' ');
  };
  const lines = [
    `signed /ask over loopback against \`--http --workers N\` (real cluster, real logger), every request from a different user,`,
    `questions round-robin over the ${report.questions} gold, held-out and paraphrase questions (no answer cache); ${options.runs} run(s) × ${options.durationMs / 1000} s per row, medians;`,
    'all servers up at once, the runs taking turns in a rotating order',
    `node ${report.node}, ${report.cpus} cores shared with the load generator; load average ${report.loadBefore.toFixed(1)} before, ${report.loadAfter.toFixed(1)} after (other work on the machine)`,
    '',
    'workers cooldown    c   /ask/s   vs 1  p50 ms  p99 ms errors  CPU ms/req¹  primary µs²  verify³',
    ...report.levels.map((l) => row(l, l.cooldown)),
    ...report.pings.map((l) => row(l, 'PING')),
    '',
    '¹ server CPU (primary + workers, user + system) per answered request   ² of which the primary (cooldown over IPC, connection hand-off)',
    '³ share of server CPU inside Ed25519 verification   "vs 1": /ask per second against the first worker count, same cooldown and concurrency',
    `side by side: dispatcher alone (no HTTP, no signature) ${report.dispatcherPerSecond.toFixed(0)} /ask per second, ${report.dispatcherCpuMs.toFixed(3)} ms CPU each; Ed25519 verify ${report.verifyMicros.toFixed(0)} µs each (${(1e6 / report.verifyMicros).toFixed(0)}/s)`,
    ...(report.cooldownIpc
      ? [
          `cooldown over IPC alone (one process holds it, another asks, 32 in flight, every turn a new user): ${report.cooldownIpc.perSecond.toFixed(0)} turns/s, ` +
            `CPU per turn ${report.cooldownIpc.holderMicros.toFixed(1)} µs in the holder + ${report.cooldownIpc.askerMicros.toFixed(1)} µs in the asker, ${report.cooldownIpc.refused} refused, ${report.cooldownIpc.fallbacks} decided locally`,
        ]
      : []),
  ];
  return lines.join('\n');
}
