/**
 * What the HTTP cluster's primary and its workers say to each other over node:cluster's IPC channel
 * (besides the cooldown's own messages, src/scale/sharedCooldown.ts). Plain JSON objects with a `kind`.
 */
import type { ArticleChanges } from '../corpus/watchArticles.js';
import type { Config } from '../config.js';

/** Worker → primary, once it listens for messages (one sent earlier would be lost): send me the configuration. */
export interface HelloMessage {
  kind: 'hello';
}

/** Primary → worker, in answer to `hello`: the configuration the primary read (so both run on the same one). */
export interface ConfigMessage {
  kind: 'config';
  config: Config;
}

/** Primary → every worker: a change its watcher saw in DATA_DIR/articles, already parsed. */
export interface ArticlesChangedMessage {
  kind: 'articles.changed';
  changes: ArticleChanges;
}

/** Primary → every worker, whenever a worker starts listening or exits. */
export interface WorkersMessage {
  kind: 'workers';
  live: number;
  configured: number;
}

/** Primary → worker: finish what is in flight (requests, deferred edits), then exit 0. */
export interface ShutdownMessage {
  kind: 'shutdown';
  reason: string;
}

/** Primary → worker: send your counters. */
export interface StatsQuestion {
  kind: 'stats.ask';
  id: number;
}

/** One worker's counters since it started. */
export interface WorkerStats {
  requests: number;
  verified: number;
  verifyMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
}

/** Worker → primary. */
export interface StatsAnswer {
  kind: 'stats';
  id: number;
  stats: WorkerStats;
}

export type ToWorker = ConfigMessage | ArticlesChangedMessage | WorkersMessage | ShutdownMessage | StatsQuestion;

/** The `kind` of an IPC message, if it has one. */
export function kindOf(message: unknown): string | undefined {
  return typeof message === 'object' && message !== null && typeof (message as { kind?: unknown }).kind === 'string' ? (message as { kind: string }).kind : undefined;
}
