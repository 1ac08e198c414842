/**
 * `npm start -- --http --workers auto|N`: the HTTP interactions endpoint on every core, with node:cluster.
 *
 * The primary serves no request itself. It:
 * - opens the index once (loads the cache, or builds and saves it), so every worker warm-starts from it;
 * - forks the workers (src/scale/httpWorker.ts), which share one listening port (node's round-robin);
 * - holds the one cooldown and the one `/article add` quota, which workers ask over IPC (one cooldown per
 *   user, one quota per server, per machine);
 * - watches DATA_DIR/articles and sends each parsed change to every worker (live reload reaches all);
 * - restarts a worker that dies (logged; a worker that keeps dying at start-up is restarted more slowly);
 * - tells each worker how many are live (for `/healthz`);
 * - on SIGTERM/SIGINT, has every worker drain (in-flight requests, deferred edits) and exits 0 once all have.
 */
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireHttp, type Config } from '../config.js';
import type { SearchIndex } from '../index/buildIndex.js';
import { startLiveReload } from '../index/liveReload.js';
import { cachePath, describeArticleError, openIndex } from '../index/openIndex.js';
import { createLogger, type Logger } from '../logger.js';
import { kindOf, type StatsAnswer, type ToWorker, type WorkerStats } from './clusterMessages.js';
import { UsageError } from './scaleArgs.js';
import { holdLimits, serveLimits } from './sharedLimits.js';

const WORKER_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'httpWorker.ts');

/** A worker that dies sooner than this after it was forked counts as failing at start-up. */
const EARLY_DEATH_MS = 5_000;
const MAX_RESTART_DELAY_MS = 30_000;
/** How long workers get to drain on shutdown before they are killed. */
const DRAIN_TIMEOUT_MS = 15_000;

export interface HttpClusterOptions {
  /** How many workers: a number, or `auto` for the cores available. */
  workers: number | 'auto';
  logger?: Logger;
  /** Install SIGINT/SIGTERM handlers that stop and exit (default true; the benchmark turns it off). */
  handleProcessEvents?: boolean;
}

export interface HttpCluster {
  /** How many workers there should be. */
  configured: number;
  /** How many are listening now. */
  live(): number;
  /**
   * Resolves once `configured` workers are listening, with the port they share. Rejects if a worker dies
   * before any has listened (the port in use, a broken start): every worker is stopped first.
   */
  listening: Promise<{ port: number }>;
  /** The counters of every live worker, plus this process's CPU (the cooldown and connection hand-off). */
  stats(): Promise<{ workers: WorkerStats[]; primaryCpuMs: number }>;
  /** Drains every worker and resolves when all have exited. Safe to call twice. */
  stop(reason?: string): Promise<void>;
}

/** The worker count for `auto` or a number, checked (1 to 64). */
export function resolveWorkerCount(value: number | 'auto'): number {
  const count = value === 'auto' ? availableParallelism() : value;
  if (!Number.isInteger(count) || count < 1 || count > 64) throw new UsageError(`--workers must be "auto" or a whole number from 1 to 64 (got ${String(value)})`);
  return count;
}

/**
 * Starts the primary. Resolves once the index is open and the workers are forked (not yet listening).
 *
 * @example
 * const cluster = await startHttpCluster(loadConfig(), { workers: 'auto' });
 * await cluster.listening;
 */
export async function startHttpCluster(config: Config, options: HttpClusterOptions): Promise<HttpCluster> {
  requireHttp(config);
  const configured = resolveWorkerCount(options.workers);
  const logger = options.logger ?? createLogger({ level: config.logLevel, secrets: [config.discord.token], fields: { worker: 'primary' } });

  const index = await openPrimaryIndex(config, logger);
  const limits = holdLimits(config);
  const workers = new Map<number, { worker: Worker; forkedAt: number; listening: boolean }>();
  let stopping: Promise<void> | undefined;
  let earlyDeaths = 0;
  let statsId = 0;

  const live = () => [...workers.values()].filter((w) => w.listening).length;
  const tell = (worker: Worker, message: ToWorker) => {
    if (worker.isConnected()) worker.send(message, () => {});
  };
  const tellAll = (message: ToWorker) => {
    for (const { worker } of workers.values()) tell(worker, message);
  };
  const announce = () => tellAll({ kind: 'workers', live: live(), configured });

  const reload = startLiveReload(index, config.dataDir, {
    log: (line) => logger.info('articles', { change: line }),
    onApplied: (_applied, changes) => tellAll({ kind: 'articles.changed', changes }),
  });

  let resolveListening!: (value: { port: number }) => void;
  let rejectListening!: (error: Error) => void;
  const listening = new Promise<{ port: number }>((resolve, reject) => {
    resolveListening = resolve;
    rejectListening = reject;
  });
  let port: number | undefined;

  cluster.setupPrimary({ exec: WORKER_FILE, execArgv: process.execArgv, args: [] });
  const fork = (replaces?: { id: number; code: number | null; signal: string | null }) => {
    const worker = cluster.fork();
    workers.set(worker.id, { worker, forkedAt: Date.now(), listening: false });
    serveLimits(worker, limits);
    worker.on('message', (message: unknown) => {
      if (kindOf(message) !== 'hello') return;
      tell(worker, { kind: 'config', config });
      tell(worker, { kind: 'workers', live: live(), configured });
    });
    if (replaces) logger.warn('worker restarted', { started: worker.id, pid: worker.process.pid, replaces: replaces.id });
    else logger.info('worker started', { started: worker.id, pid: worker.process.pid });
    worker.on('listening', (address) => {
      const entry = workers.get(worker.id);
      if (!entry) return;
      entry.listening = true;
      port ??= address.port;
      announce();
      if (live() === configured) resolveListening({ port: address.port });
    });
    worker.on('exit', (code, signal) => {
      const entry = workers.get(worker.id);
      workers.delete(worker.id);
      announce();
      if (stopping) return;
      if (port === undefined) {
        // Not one worker got as far as listening: restarting would fail the same way. Give up, say why.
        logger.error('worker died before any worker was listening; stopping', { died: worker.id, code, signal });
        void stop('a worker could not start').then(() => rejectListening(new Error(`worker ${worker.id} exited (${signal ?? `code ${code}`}) before any worker was listening; its log line above says why`)));
        return;
      }
      const early = entry !== undefined && Date.now() - entry.forkedAt < EARLY_DEATH_MS;
      earlyDeaths = early ? earlyDeaths + 1 : 0;
      // A worker that cannot start (a broken file, a bad port) would otherwise be forked in a tight loop.
      const delay = earlyDeaths ? Math.min(MAX_RESTART_DELAY_MS, 500 * 2 ** (earlyDeaths - 1)) : 0;
      logger.error('worker died', { died: worker.id, code, signal, restartInMs: delay });
      setTimeout(() => {
        if (!stopping) fork({ id: worker.id, code, signal });
      }, delay).unref();
    });
  };
  logger.info('cluster starting', { workers: configured, dataDir: config.dataDir });
  for (let i = 0; i < configured; i++) fork();
  listening.then(
    ({ port }) => logger.info('listening', { url: `http://${config.http.host}:${port}/interactions`, workers: configured }),
    () => {},
  );

  function stop(reason = 'stop requested'): Promise<void> {
    stopping ??= (async () => {
      logger.info('shutting down', { reason, workers: workers.size });
      reload.close();
      const exits = [...workers.values()].map(
        ({ worker }) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            worker.once('exit', () => resolve());
            tell(worker, { kind: 'shutdown', reason });
            // One that has not drained in time is killed: shutdown must end.
            setTimeout(() => {
              if (!worker.isDead()) {
                logger.error('worker did not drain in time; killing it', { died: worker.id });
                worker.kill('SIGKILL');
              }
            }, DRAIN_TIMEOUT_MS).unref();
          }),
      );
      await Promise.all(exits);
      logger.info('stopped');
    })();
    return stopping;
  }

  const stats = async () => {
    const answers = [...workers.values()]
      .filter((w) => w.listening && w.worker.isConnected())
      .map(
        ({ worker }) =>
          new Promise<WorkerStats | undefined>((resolve) => {
            const id = ++statsId;
            const timer = setTimeout(() => done(undefined), 2_000);
            const onMessage = (message: unknown) => {
              if (kindOf(message) === 'stats' && (message as StatsAnswer).id === id) done((message as StatsAnswer).stats);
            };
            const done = (value: WorkerStats | undefined) => {
              clearTimeout(timer);
              worker.off('message', onMessage);
              resolve(value);
            };
            worker.on('message', onMessage);
            tell(worker, { kind: 'stats.ask', id });
          }),
      );
    const cpu = process.cpuUsage();
    return { workers: (await Promise.all(answers)).filter((s): s is WorkerStats => s !== undefined), primaryCpuMs: (cpu.user + cpu.system) / 1000 };
  };

  if (options.handleProcessEvents !== false) {
    process.on('unhandledRejection', (error) => logger.error('unhandled rejection', { error }));
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => void stop(signal).then(() => process.exit(0)));
    }
  }
  return { configured, live, listening, stats, stop };
}

async function openPrimaryIndex(config: Config, logger: Logger): Promise<SearchIndex> {
  const started = performance.now();
  const index = await openIndex(config.dataDir, {
    onArticleError: (e) => logger.warn('article not loaded', { reason: describeArticleError(e) }),
    onWarning: (message) => logger.warn('index', { message }),
  });
  const paragraphs = index.corpus.articles.reduce((n, a) => n + a.paragraphs.length, 0);
  logger.info('index ready', { dataDir: config.dataDir, articles: index.corpus.articles.length, paragraphs, cache: cachePath(config.dataDir), ms: Math.round(performance.now() - started) });
  return index;
}
