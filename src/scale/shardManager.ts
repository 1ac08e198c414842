/**
 * `npm start -- --shards auto|N`: the gateway bot as one process per shard, through discord.js's
 * ShardingManager (Discord requires sharding from 2,500 servers; `auto` asks Discord's `/gateway/bot`).
 *
 * The manager logs in nowhere itself. It:
 * - opens the index once (loads the cache, or builds and saves it) before any shard starts, so each
 *   shard warm-starts from the saved cache;
 * - spawns the shards one after another (discord.js waits for each READY, then 5.5 s: Discord's identify
 *   rate limit), each running src/scale/shardProcess.ts;
 * - holds the one cooldown and the one `/article add` quota, which shards ask over IPC (one cooldown per
 *   user, one quota per server, per machine);
 * - respawns a shard that dies, logged, more slowly if it keeps dying at start-up;
 * - on SIGTERM/SIGINT, stops every shard (each logs out cleanly) and exits 0 once all have.
 *
 * Every line a shard writes carries `"shard": N`; the manager's carry `"shard": "manager"`.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REST, Routes, ShardingManager, type Shard } from 'discord.js';
import { requireDiscord, type Config } from '../config.js';
import { cachePath, openIndex } from '../index/openIndex.js';
import { createLogger, type Logger } from '../logger.js';
import type { Count } from './scaleArgs.js';
import { holdLimits, serveLimits } from './sharedLimits.js';

const SHARD_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'shardProcess.ts');

/** Between two shards' starts: discord.js's default, just over Discord's 5-second identify window. */
const SPAWN_DELAY_MS = 5_500;
/** How long one shard may take to reach READY (tsx start, warm index, login). */
const READY_TIMEOUT_MS = 60_000;
const EARLY_DEATH_MS = 10_000;
const MAX_RESPAWN_DELAY_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

export interface ShardManagerOptions {
  shards: Count;
  logger?: Logger;
  /** Install SIGINT/SIGTERM handlers that stop and exit (default true). */
  handleProcessEvents?: boolean;
}

export interface ShardManagerHandle {
  manager: ShardingManager;
  total: number;
  /** Stops every shard and resolves when all have exited. Safe to call twice. */
  stop(reason?: string): Promise<void>;
}

/** The shard count Discord recommends for this bot (`GET /gateway/bot`), through discord.js's REST client. */
export async function recommendedShardCount(config: Config): Promise<{ shards: number; maxConcurrency: number }> {
  const rest = new REST({ api: config.discord.apiBase }).setToken(config.discord.token!);
  const body = (await rest.get(Routes.gatewayBot())) as { shards?: unknown; session_start_limit?: { max_concurrency?: unknown } };
  const shards = Number(body.shards);
  if (!Number.isInteger(shards) || shards < 1) throw new Error(`GET /gateway/bot answered shards: ${String(body.shards)}`);
  return { shards, maxConcurrency: Number(body.session_start_limit?.max_concurrency ?? 1) };
}

/**
 * Starts the manager and every shard; resolves once all are READY.
 *
 * @example
 * await startShardManager(loadConfig(), { shards: 'auto' });
 */
export async function startShardManager(config: Config, options: ShardManagerOptions): Promise<ShardManagerHandle> {
  requireDiscord(config, ['DISCORD_TOKEN']);
  const logger = options.logger ?? createLogger({ level: config.logLevel, secrets: [config.discord.token], fields: { shard: 'manager' } });
  let total: number;
  if (options.shards === 'auto') {
    const recommended = await recommendedShardCount(config);
    total = recommended.shards;
    logger.info('shard count from Discord', { shards: total, maxConcurrency: recommended.maxConcurrency });
  } else {
    total = options.shards;
  }

  // Built (or loaded) once here and saved, so each shard loads the cache instead of indexing again.
  const started = performance.now();
  const index = await openIndex(config.dataDir, {
    onArticleError: (e) => logger.warn('article not loaded', { file: e.file, reason: e.message }),
    onWarning: (message) => logger.warn('index', { message }),
  });
  logger.info('index ready', { articles: index.corpus.articles.length, cache: cachePath(config.dataDir), ms: Math.round(performance.now() - started) });

  const limits = holdLimits(config);
  // Respawning is ours, not discord.js's, so a shard that keeps dying is respawned with a growing delay.
  const manager = new ShardingManager(SHARD_FILE, { token: config.discord.token!, totalShards: total, mode: 'process', respawn: false, execArgv: process.execArgv });
  let stopping: Promise<void> | undefined;

  manager.on('shardCreate', (shard: Shard) => {
    let spawnedAt = 0;
    let deaths = 0;
    let earlyDeaths = 0;
    // mode 'process': the shard is a ChildProcess (never a worker thread).
    shard.on('spawn', (spawned) => {
      const child = spawned as ChildProcess;
      spawnedAt = Date.now();
      if (stopping) return void child.kill('SIGTERM');
      serveLimits(child, limits);
      if (deaths) logger.warn('shard respawned', { respawned: shard.id, pid: child.pid, deaths });
      else logger.info('shard started', { started: shard.id, pid: child.pid, of: total });
    });
    shard.on('ready', () => logger.info('shard ready', { ready: shard.id }));
    shard.on('death', (dead) => {
      const child = dead as ChildProcess;
      if (stopping) return;
      deaths++;
      earlyDeaths = Date.now() - spawnedAt < EARLY_DEATH_MS ? earlyDeaths + 1 : 0;
      const delay = earlyDeaths ? Math.min(MAX_RESPAWN_DELAY_MS, 1_000 * 2 ** (earlyDeaths - 1)) : 0;
      logger.error('shard died', { died: shard.id, code: child.exitCode, signal: child.signalCode, respawnInMs: delay });
      setTimeout(() => {
        if (stopping) return;
        shard.spawn(READY_TIMEOUT_MS).catch((error: unknown) => logger.error('shard respawn failed', { failed: shard.id, error }));
      }, delay).unref();
    });
  });

  const stop = (reason = 'stop requested') => {
    stopping ??= (async () => {
      logger.info('shutting down', { reason, shards: manager.shards.size });
      await Promise.all(manager.shards.map((shard) => stopShard(shard, logger)));
      logger.info('stopped');
    })();
    return stopping;
  };
  if (options.handleProcessEvents !== false) {
    process.on('unhandledRejection', (error) => logger.error('unhandled rejection', { error }));
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop(signal).then(() => process.exit(0)));
  }

  try {
    await manager.spawn({ amount: total, delay: SPAWN_DELAY_MS, timeout: READY_TIMEOUT_MS });
  } catch (error) {
    await stop('a shard did not start');
    throw error;
  }
  logger.info('all shards ready', { shards: total });
  return { manager, total, stop };
}

/** SIGTERM to one shard's process (it logs out and exits 0); SIGKILL if it has not gone in time. */
function stopShard(shard: Shard, logger: Logger): Promise<void> {
  const child = shard.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      logger.error('shard did not stop in time; killing it', { died: shard.id });
      child.kill('SIGKILL');
    }, STOP_TIMEOUT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      logger.info('shard stopped', { stopped: shard.id, code, signal });
      resolve();
    });
    child.kill('SIGTERM');
  });
}
