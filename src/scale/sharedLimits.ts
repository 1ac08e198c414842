/**
 * The limits that must hold per machine, not per process, when the bot runs as several processes: the
 * cooldown per user and the `/article add` quota per server. The parent (cluster primary, shard manager)
 * holds both; each child asks for both over IPC (src/scale/sharedCooldown.ts).
 */
import { ADD_QUOTA_WINDOW_MS, createAddQuota } from '../commands/index.js';
import { createCooldown, type Cooldown, type LocalCooldown } from '../commands/cooldown.js';
import type { Config } from '../config.js';
import { remoteCooldown, serveCooldown, type IpcPeer } from './sharedCooldown.js';

export interface HeldLimits {
  cooldown: LocalCooldown;
  addQuota: LocalCooldown;
}

export interface AskedLimits {
  cooldown: Cooldown;
  addQuota: Cooldown;
  close(): void;
}

/** In the parent: the one cooldown and the one quota, from the configuration. */
export function holdLimits(config: Config): HeldLimits {
  return { cooldown: createCooldown(config.cooldown), addQuota: createAddQuota(config.serverLimits) };
}

/** In the parent: answers one child's questions about both. */
export function serveLimits(child: IpcPeer, held: HeldLimits): void {
  serveCooldown(child, held.cooldown, 'cooldown');
  serveCooldown(child, held.addQuota, 'addQuota');
}

/**
 * In the child: both, asked of the parent. `warn` is told when a turn had to be decided in this process
 * (the parent did not answer), at most once per `quietMs` per limiter.
 */
export function askLimits(config: Config, warn: (limiter: string, reason: string) => void, quietMs = 10_000): AskedLimits {
  const last = new Map<string, number>();
  const onFallback = (limiter: string) => (reason: string) => {
    if (Date.now() - (last.get(limiter) ?? -Infinity) < quietMs) return;
    last.set(limiter, Date.now());
    warn(limiter, reason);
  };
  const cooldown = remoteCooldown({ fallback: config.cooldown, limiter: 'cooldown', onFallback: onFallback('cooldown') });
  const addQuota = remoteCooldown({
    fallback: { maxRequests: config.serverLimits.addsPerHour, windowMs: ADD_QUOTA_WINDOW_MS },
    limiter: 'addQuota',
    onFallback: onFallback('addQuota'),
  });
  return {
    cooldown,
    addQuota,
    close() {
      cooldown.close();
      addQuota.close();
    },
  };
}
