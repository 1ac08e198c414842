/**
 * The asking side of the cooldown-over-IPC measurement in `npm run bench:http` (a child process; the bench
 * holds the cooldown with `serveCooldown`, as the cluster primary does). On `{ cmd: 'go', count, concurrency }`
 * it takes `count` turns, each for a different user, `concurrency` at a time, and answers with its CPU and
 * the time it took. Parent → child: `{ cmd: 'go', … }`. Child → parent: `{ ready: true }`, then `{ result }`.
 */
import { remoteCooldown } from '../scale/sharedCooldown.js';

export interface CooldownClientResult {
  takes: number;
  refused: number;
  fallbacks: number;
  elapsedMs: number;
  cpuMs: number;
}

if (!process.send) {
  process.stderr.write('cooldown client: run by `npm run bench:http`, not directly\n');
  process.exit(2);
}

let fallbacks = 0;
const cooldown = remoteCooldown({ fallback: { maxRequests: 5, windowMs: 10_000 }, timeoutMs: 5_000, onFallback: () => fallbacks++ });

process.on('message', (message: { cmd?: string; count?: number; concurrency?: number }) => {
  if (message.cmd !== 'go') return;
  void run(message.count ?? 10_000, message.concurrency ?? 32).then((result) => process.send!({ result }));
});
process.on('disconnect', () => process.exit(0));
process.send({ ready: true });

async function run(count: number, concurrency: number): Promise<CooldownClientResult> {
  let next = 0;
  let refused = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const lane = async () => {
    while (next < count) {
      const user = String(next++);
      if (!(await cooldown.take(user, Date.now())).ok) refused++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const used = process.cpuUsage(cpu);
  return { takes: count, refused, fallbacks, elapsedMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}
