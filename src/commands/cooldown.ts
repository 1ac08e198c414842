/**
 * Per-user rate limit: at most `maxRequests` interactions in any `windowMs` (a sliding window).
 * `maxRequests: 0` turns it off. Memory stays bounded: a user's entry is dropped once their window is empty.
 */
export interface CooldownSettings {
  maxRequests: number;
  windowMs: number;
}

export type CooldownResult = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * Takes one turn for `userId` at time `now`. In-process it answers at once; a cooldown held by another
 * process (the HTTP cluster's primary, the shard manager) answers over IPC, hence the promise.
 */
export interface Cooldown {
  take(userId: string, now: number): CooldownResult | Promise<CooldownResult>;
}

/** The cooldown kept in this process's memory: it answers at once. */
export interface LocalCooldown extends Cooldown {
  take(userId: string, now: number): CooldownResult;
}

/** Whether a value is a ready cooldown rather than the settings to make one. */
export function isCooldown(value: CooldownSettings | Cooldown): value is Cooldown {
  return typeof (value as Cooldown).take === 'function';
}

export function createCooldown(settings: CooldownSettings): LocalCooldown {
  const seen = new Map<string, number[]>();
  let calls = 0;
  return {
    take(userId, now) {
      if (settings.maxRequests <= 0) return { ok: true };
      if (++calls % 1000 === 0) sweep(seen, now - settings.windowMs);
      const recent = (seen.get(userId) ?? []).filter((t) => t > now - settings.windowMs);
      if (recent.length >= settings.maxRequests) {
        seen.set(userId, recent);
        return { ok: false, retryAfterMs: recent[0]! + settings.windowMs - now };
      }
      recent.push(now);
      seen.set(userId, recent);
      return { ok: true };
    },
  };
}

function sweep(seen: Map<string, number[]>, cutoff: number): void {
  for (const [user, times] of seen) if (times.every((t) => t <= cutoff)) seen.delete(user);
}
