/**
 * The server side of `npm run bench:http`, run as a child process (so the load generator and the server
 * each get a core). It serves the real interactions endpoint on 127.0.0.1 with the real logger (its
 * output discarded by the parent) and answers the parent's IPC questions about its counters and CPU.
 *
 * Parent → child: `{ cmd: 'stats' }`. Child → parent: `{ ready: true, port }`, then `{ stats }`.
 */
import { createCommandContext } from '../commands/index.js';
import { openIndex } from '../index/openIndex.js';
import { createLogger } from '../logger.js';
import { createInteractionsServer } from '../transports/http.js';

export interface ServerStatsMessage {
  stats: { requests: number; verified: number; verifyMs: number; handleMs: number; cpuUserMs: number; cpuSystemMs: number };
}

const publicKey = process.env.BENCH_PUBLIC_KEY;
if (!publicKey || !process.send) {
  process.stderr.write('bench server: run by `npm run bench:http`, not directly\n');
  process.exit(2);
}

const logger = createLogger({ level: 'info' });
const index = await openIndex(process.env.DATA_DIR || 'data');
// No cooldown: the load comes from a handful of made-up users, and every request should do the full work.
const context = createCommandContext({ index, logger, cooldown: { maxRequests: 0, windowMs: 1000 } });
const { server, stats } = createInteractionsServer({ publicKey, context, logger });

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  process.send!({ ready: true, port });
});

process.on('message', (message: { cmd?: string }) => {
  if (message.cmd === 'stats') {
    const s = stats();
    const cpu = process.cpuUsage();
    const reply: ServerStatsMessage = {
      stats: {
        requests: s.requests,
        verified: s.verified,
        verifyMs: Number(s.verifyNs) / 1e6,
        handleMs: Number(s.handleNs) / 1e6,
        cpuUserMs: cpu.user / 1000,
        cpuSystemMs: cpu.system / 1000,
      },
    };
    process.send!(reply);
  }
});
process.on('disconnect', () => process.exit(0));
