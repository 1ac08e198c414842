/**
 * One cooldown per user per machine when the bot runs as several processes (HTTP workers, gateway
 * shards): the parent process (cluster primary, shard manager) holds the only cooldown and each child asks
 * it over the IPC channel node already opened between them. One round trip per interaction, a few tens of
 * microseconds on loopback IPC (`npm run bench:http` prints what it costs).
 *
 * If the parent does not answer within `timeoutMs` (busy, or gone), the child decides with its own local
 * cooldown rather than leave the user waiting: a user is then still limited, per process.
 */
import { createCooldown, type Cooldown, type CooldownResult, type CooldownSettings, type LocalCooldown } from '../commands/cooldown.js';

/** Child → parent. */
export interface CooldownTake {
  kind: 'cooldown.take';
  id: number;
  userId: string;
  now: number;
}

/** Parent → child. */
export interface CooldownAnswer {
  kind: 'cooldown.result';
  id: number;
  result: CooldownResult;
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
  return typeof m === 'object' && m !== null && m.kind === 'cooldown.take' && typeof m.id === 'number' && typeof m.userId === 'string' && typeof m.now === 'number';
}

function isAnswer(message: unknown): message is CooldownAnswer {
  const m = message as CooldownAnswer | null;
  return typeof m === 'object' && m !== null && m.kind === 'cooldown.result' && typeof m.id === 'number' && typeof m.result === 'object';
}

/**
 * In the parent: answers the child's cooldown questions from `cooldown` (shared by every child it serves).
 * Returns a function that stops serving. A child gone mid-question is not an error.
 *
 * @example
 * const cooldown = createCooldown(config.cooldown);
 * cluster.on('fork', (worker) => serveCooldown(worker, cooldown));
 */
export function serveCooldown(child: IpcPeer, cooldown: LocalCooldown): () => void {
  const onMessage = (message: unknown) => {
    if (!isTake(message)) return;
    const answer: CooldownAnswer = { kind: 'cooldown.result', id: message.id, result: cooldown.take(message.userId, message.now) };
    // The child may have exited between asking and our answer: nobody is waiting then.
    child.send?.(answer, ignore);
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
  const local = createCooldown(options.fallback);
  const pending = new Map<number, { resolve: (r: CooldownResult) => void; timer: NodeJS.Timeout }>();
  let next = 0;
  const onMessage = (message: unknown) => {
    if (!isAnswer(message)) return;
    const waiting = pending.get(message.id);
    if (!waiting) return; // Answered after the timeout: already decided locally.
    pending.delete(message.id);
    clearTimeout(waiting.timer);
    waiting.resolve(message.result);
  };
  parent.on('message', onMessage);
  const decideLocally = (userId: string, now: number, why: string) => {
    options.onFallback?.(why);
    return local.take(userId, now);
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
        pending.set(id, { resolve, timer });
        const question: CooldownTake = { kind: 'cooldown.take', id, userId, now };
        parent.send!(question, (error) => {
          if (!error || !pending.delete(id)) return;
          clearTimeout(timer);
          resolve(decideLocally(userId, now, `IPC send failed (${error.message})`));
        });
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
