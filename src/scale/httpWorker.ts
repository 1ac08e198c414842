/**
 * One worker of the HTTP cluster (forked by src/scale/httpCluster.ts, never run by hand). It waits for the
 * primary's configuration, opens the index the primary has just saved (a warm start), serves the
 * interactions endpoint on the shared port with the primary's cooldown, applies the article changes the
 * primary sends, and on `shutdown` (or SIGTERM/SIGINT, or losing the primary) drains and exits 0.
 */
import cluster from 'node:cluster';
import { applyArticleChanges } from '../index/applyArticleChanges.js';
import type { SearchIndex } from '../index/buildIndex.js';
import { describeArticleError, openIndex } from '../index/openIndex.js';
import { createLogger, type Logger } from '../logger.js';
import { startHttp, type HttpHandle } from '../transports/http.js';
import { kindOf, type ArticlesChangedMessage, type ConfigMessage, type StatsAnswer, type ToWorker, type WorkersMessage } from './clusterMessages.js';
import { askLimits } from './sharedLimits.js';

/** After SIGTERM the primary waits longer than this; a worker that cannot drain in time goes anyway. */
const DRAIN_TIMEOUT_MS = 12_000;

if (!cluster.isWorker || !process.send) {
  process.stderr.write('httpWorker: started by `npm start -- --http --workers N`, not directly\n');
  process.exit(2);
}

const id = cluster.worker!.id;
let workers = { live: 0, configured: 0 };
let handle: HttpHandle | undefined;
let index: SearchIndex | undefined;
let logger: Logger | undefined;
/** Article changes that arrive while the index is still opening, applied once it is open. */
const early: ArticlesChangedMessage[] = [];
let stopping = false;

const stop = (reason: string) => {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(0), DRAIN_TIMEOUT_MS).unref();
  if (!handle) process.exit(0);
  void handle.stop(reason).then(() => process.exit(0));
};

const apply = (message: ArticlesChangedMessage) => {
  const applied = applyArticleChanges(index!, message.changes);
  const parts = [...applied.added.map((a) => `+${a}`), ...applied.changed.map((a) => `~${a}`), ...applied.removed.map((a) => `-${a}`)];
  if (parts.length) logger?.info('articles', { change: `articles reloaded (${index!.corpus.articles.length} now): ${parts.join(' ')}` });
};

process.on('message', (message: ToWorker) => {
  switch (kindOf(message)) {
    case 'config':
      void start(message as ConfigMessage);
      break;
    case 'articles.changed':
      if (index) apply(message as ArticlesChangedMessage);
      else early.push(message as ArticlesChangedMessage);
      break;
    case 'workers':
      workers = { live: (message as WorkersMessage).live, configured: (message as WorkersMessage).configured };
      break;
    case 'shutdown':
      stop('primary asked');
      break;
    case 'stats.ask': {
      const stats = handle?.stats();
      const cpu = process.cpuUsage();
      const answer: StatsAnswer = {
        kind: 'stats',
        id: (message as { id: number }).id,
        stats: {
          requests: stats?.requests ?? 0,
          verified: stats?.verified ?? 0,
          verifyMs: Number(stats?.verifyNs ?? 0n) / 1e6,
          cpuUserMs: cpu.user / 1000,
          cpuSystemMs: cpu.system / 1000,
        },
      };
      process.send!(answer, () => {});
      break;
    }
  }
});
process.send({ kind: 'hello' }, () => {});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop(signal));
// The primary is gone (killed outright): nobody restarts or answers cooldowns any more; drain and go.
process.on('disconnect', () => stop('primary gone'));

async function start({ config }: ConfigMessage): Promise<void> {
  logger = createLogger({ level: config.logLevel, secrets: [config.discord.token], fields: { worker: id } });
  const log = logger;
  process.on('unhandledRejection', (error) => log.error('unhandled rejection', { error }));
  // A bug that escapes every handler: say which worker, then go; the primary logs the death and restarts it.
  process.on('uncaughtException', (error) => {
    log.error('uncaught exception', { error });
    process.exit(1);
  });
  try {
    // The primary has just opened (and if need be saved) the cache: this is a warm start, no warning.
    index = await openIndex(config.dataDir, {
      onArticleError: (e) => log.warn('article not loaded', { reason: describeArticleError(e) }),
      onWarning: (message) => log.warn('index', { message }),
    });
    for (const message of early.splice(0)) apply(message);
    const limits = askLimits(config, (limiter, reason) => log.warn(`${limiter} decided in this worker`, { reason }));
    handle = await startHttp(config, {
      index,
      logger: log,
      cooldown: limits.cooldown,
      addQuota: limits.addQuota,
      handleProcessEvents: false,
      health: () => ({ worker: id, workers }),
    });
    if (stopping) await handle.stop('stopped while starting');
  } catch (error) {
    log.error('worker could not start', { error });
    process.exit(1);
  }
}
