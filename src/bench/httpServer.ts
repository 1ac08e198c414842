/**
 * The server side of `npm run bench:http`, run as a child process: the real `--http --workers N` cluster
 * (src/scale/httpCluster.ts: primary, workers, the primary's cooldown over IPC, the real logger with its
 * output discarded by the parent) on 127.0.0.1, answering the parent's IPC questions about its counters
 * and CPU, summed over the primary and every worker.
 *
 * Environment: BENCH_PUBLIC_KEY, BENCH_WORKERS, BENCH_COOLDOWN (`shared`: the default 5 per 10 s, held
 * by the primary; `off`), DATA_DIR.
 * Parent → child: `{ cmd: 'stats' }`. Child → parent: `{ ready: true, port }`, then `{ stats }`.
 */
import { loadConfig } from '../config.js';
import { startHttpCluster } from '../scale/httpCluster.js';

export interface ServerStatsMessage {
  stats: {
    requests: number;
    verified: number;
    verifyMs: number;
    /** CPU (user + system) of the primary and every live worker. */
    cpuMs: number;
    /** The primary's share: the cooldown it answers, the connections it hands to workers. */
    primaryCpuMs: number;
    workers: number;
  };
}

const publicKey = process.env.BENCH_PUBLIC_KEY;
const workers = Number(process.env.BENCH_WORKERS ?? 1);
if (!publicKey || !process.send || !(workers >= 1)) {
  process.stderr.write('bench server: run by `npm run bench:http`, not directly\n');
  process.exit(2);
}

const config = loadConfig({
  DISCORD_PUBLIC_KEY: publicKey,
  HOST: '127.0.0.1',
  PORT: '0',
  DATA_DIR: process.env.DATA_DIR || 'data',
  LOG_LEVEL: 'info',
  // Every request comes from a different user, so the cooldown never refuses; it still does its work.
  COOLDOWN_MAX_REQUESTS: process.env.BENCH_COOLDOWN === 'off' ? '0' : '5',
  COOLDOWN_WINDOW_SECONDS: '10',
});
const cluster = await startHttpCluster(config, { workers, handleProcessEvents: false });
const { port } = await cluster.listening;
process.send({ ready: true, port });

process.on('message', (message: { cmd?: string }) => {
  if (message.cmd !== 'stats') return;
  void cluster.stats().then(({ workers: each, primaryCpuMs }) => {
    const sum = (pick: (s: (typeof each)[number]) => number) => each.reduce((n, s) => n + pick(s), 0);
    const reply: ServerStatsMessage = {
      stats: {
        requests: sum((s) => s.requests),
        verified: sum((s) => s.verified),
        verifyMs: sum((s) => s.verifyMs),
        cpuMs: sum((s) => s.cpuUserMs + s.cpuSystemMs) + primaryCpuMs,
        primaryCpuMs,
        workers: each.length,
      },
    };
    process.send!(reply);
  });
});
process.on('disconnect', () => void cluster.stop('bench done').then(() => process.exit(0)));
