/**
 * Per-user rate limit: at most `maxRequests` interactions in any `windowMs` (a sliding window).
 * `maxRequests: 0` turns it off. Memory stays bounded: a user's entry is dropped once their window is empty.
 */
export interface CooldownSettings {
  maxRequests: number;
  windowMs: number;
}

export type CooldownResult = { ok: true } | { ok: false; retryAfterMs: number };

export interface Cooldown {
  take(userId: string, now: number): CooldownResult;
}

export function createCooldown(settings: CooldownSettings): Cooldown {
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
