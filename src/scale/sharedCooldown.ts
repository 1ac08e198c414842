/**
 * One cooldown per user per machine when the bot runs as several processes (HTTP workers, gateway
 * shards): the parent process (cluster primary, shard manager) holds the only cooldown and each child asks
 * it over the IPC channel node already opened between them. The same goes for any other limit kept in a
 * `Cooldown` (the `/article add` quota per server): each is served under its own name (`npm run bench:http` prints what it costs).
 * The turns a child needs within one turn of its event loop travel together, one message each way: under
 * load that is several interactions per message, and each message is a pipe write that wakes the other
 * process, which is what costs.
 *
 * If the parent does not answer within `timeoutMs` (busy, or gone), the child decides with its own local
 * cooldown rather than leave the user waiting: a user is then still limited, per process.
 */
import { createCooldown, type Cooldown, type CooldownResult, type CooldownSettings, type LocalCooldown } from '../commands/cooldown.js';

/** Child → parent: the turns of one limiter asked for in one turn of the child's event loop. */
export interface CooldownTake {
  kind: 'cooldown.take';
  /** Which limiter: `cooldown` (per user), `addQuota` (per server), … */
  limiter: string;
  takes: Array<{ id: number; userId: string; now: number }>;
}

/** Parent → child: the answers, in the same order. */
export interface CooldownAnswer {
  kind: 'cooldown.result';
  limiter: string;
  results: Array<{ id: number; result: CooldownResult }>;
}

/** One end of an IPC channel: a cluster Worker or a ChildProcess in the parent, `process` in the child. */
export interface IpcPeer {
  /** The callback is always passed: a send on a closed channel then reports to it instead of throwing an 'error' event. */
  send?: ((message: any, callback: (error: Error | null) => void) => boolean) | undefined;
  on(event: 'message', listener: (message: any) => void): unknown;
  off(event: 'message', listener: (message: any) => void): unknown;
}

const ignore = () => {};

function isTake(message: unknown): message is CooldownTake {
  const m = message as CooldownTake | null;
  return typeof m === 'object' && m !== null && m.kind === 'cooldown.take' && Array.isArray(m.takes);
}

function isAnswer(message: unknown): message is CooldownAnswer {
  const m = message as CooldownAnswer | null;
  return typeof m === 'object' && m !== null && m.kind === 'cooldown.result' && Array.isArray(m.results);
}

/**
 * In the parent: answers the child's cooldown questions from `cooldown` (shared by every child it serves).
 * Returns a function that stops serving. A child gone mid-question is not an error.
 *
 * @example
 * const cooldown = createCooldown(config.cooldown);
 * cluster.on('fork', (worker) => serveCooldown(worker, cooldown));
 */
export function serveCooldown(child: IpcPeer, cooldown: LocalCooldown, limiter = 'cooldown'): () => void {
  const onMessage = (message: unknown) => {
    if (!isTake(message) || message.limiter !== limiter) return;
    const results: CooldownAnswer['results'] = [];
    for (const take of message.takes) {
      // A malformed entry is skipped; the child then decides it locally after its timeout.
      if (typeof take?.id !== 'number' || typeof take.userId !== 'string' || typeof take.now !== 'number') continue;
      results.push({ id: take.id, result: cooldown.take(take.userId, take.now) });
    }
    // The child may have exited between asking and our answer: nobody is waiting then.
    child.send?.({ kind: 'cooldown.result', limiter, results } satisfies CooldownAnswer, ignore);
  };
  child.on('message', onMessage);
  return () => child.off('message', onMessage);
}

export interface RemoteCooldownOptions {
  /** The channel to the parent; `process` by default. */
  parent?: IpcPeer;
  /** How long to wait for the parent before deciding locally (default 500 ms). */
  timeoutMs?: number;
  /** The local cooldown's settings, used when the parent does not answer. */
  fallback: CooldownSettings;
  /** Told once each time the child falls back (for a log line). */
  onFallback?: (why: string) => void;
  /** Which of the parent's limiters to ask (default `cooldown`). */
  limiter?: string;
}

/**
 * In the child: a Cooldown whose every turn is decided by the parent's `serveCooldown`.
 *
 * @example
 * const cooldown = remoteCooldown({ fallback: config.cooldown });
 * createCommandContext({ index, logger, cooldown });
 */
export function remoteCooldown(options: RemoteCooldownOptions): Cooldown & { close(): void } {
  const parent = options.parent ?? (process as unknown as IpcPeer);
  const timeoutMs = options.timeoutMs ?? 500;
  const limiter = options.limiter ?? 'cooldown';
  const local = createCooldown(options.fallback);
  const pending = new Map<number, { resolve: (r: CooldownResult) => void; timer: NodeJS.Timeout; userId: string; now: number }>();
  /** Asked in this turn of the event loop, sent together once it ends. */
  let queued: CooldownTake['takes'] = [];
  let next = 0;
  const onMessage = (message: unknown) => {
    if (!isAnswer(message) || message.limiter !== limiter) return;
    for (const { id, result } of message.results) {
      const waiting = pending.get(id);
      if (!waiting) continue; // Answered after the timeout: already decided locally.
      pending.delete(id);
      clearTimeout(waiting.timer);
      waiting.resolve(result);
    }
  };
  parent.on('message', onMessage);
  const decideLocally = (userId: string, now: number, why: string) => {
    options.onFallback?.(why);
    return local.take(userId, now);
  };
  const flush = () => {
    const takes = queued;
    queued = [];
    parent.send!({ kind: 'cooldown.take', limiter, takes } satisfies CooldownTake, (error) => {
      if (!error) return;
      for (const { id } of takes) {
        const waiting = pending.get(id);
        if (!waiting) continue;
        pending.delete(id);
        clearTimeout(waiting.timer);
        waiting.resolve(decideLocally(waiting.userId, waiting.now, `IPC send failed (${error.message})`));
      }
    });
  };
  return {
    take(userId, now) {
      if (options.fallback.maxRequests <= 0) return { ok: true };
      if (!parent.send) return decideLocally(userId, now, 'no IPC channel to the parent');
      const id = ++next;
      return new Promise<CooldownResult>((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve(decideLocally(userId, now, `the parent did not answer within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve, timer, userId, now });
        if (queued.push({ id, userId, now }) === 1) setImmediate(flush);
      });
    },
    close() {
      parent.off('message', onMessage);
      for (const [id, waiting] of pending) {
        pending.delete(id);
        clearTimeout(waiting.timer);
        waiting.resolve({ ok: true });
      }
    },
  };
}
