/**
 * The cooldown one parent holds for several child processes, over a stand-in for node's IPC channel (two
 * emitters, messages copied as JSON and delivered on a later tick, as node does). The real channel is
 * exercised end to end by tests/http/cluster.test.ts and tests/e2e/shards.test.ts.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createCooldown } from '../../src/commands/cooldown.js';
import { remoteCooldown, serveCooldown, type IpcPeer } from '../../src/scale/sharedCooldown.js';

/** Both ends of one channel; `sent` counts messages child → parent. */
function channel(options: { closed?: boolean } = {}) {
  const parentEnd = new EventEmitter() as EventEmitter & IpcPeer;
  const childEnd = new EventEmitter() as EventEmitter & IpcPeer;
  const log = { sent: [] as any[] };
  const deliver = (to: EventEmitter, message: unknown, callback: (error: Error | null) => void) => {
    if (options.closed) {
      setImmediate(() => callback(new Error('Channel closed')));
      return false;
    }
    const copy = JSON.parse(JSON.stringify(message));
    setImmediate(() => {
      to.emit('message', copy);
      callback(null);
    });
    return true;
  };
  childEnd.send = (message, callback) => {
    log.sent.push(message);
    return deliver(parentEnd, message, callback);
  };
  parentEnd.send = (message, callback) => deliver(childEnd, message, callback);
  return { parentEnd, childEnd, log };
}

const SETTINGS = { maxRequests: 3, windowMs: 10_000 };

describe('a cooldown held by the parent, asked by the children', () => {
  it('GIVEN one user asking through two children THEN one allowance counts every turn', async () => {
    const held = createCooldown(SETTINGS);
    const a = channel();
    const b = channel();
    serveCooldown(a.parentEnd, held);
    serveCooldown(b.parentEnd, held);
    const viaA = remoteCooldown({ parent: a.childEnd, fallback: SETTINGS });
    const viaB = remoteCooldown({ parent: b.childEnd, fallback: SETTINGS });
    const results = [await viaA.take('u1', 1_000), await viaB.take('u1', 1_001), await viaA.take('u1', 1_002), await viaB.take('u1', 1_003)];
    expect(results).toEqual([{ ok: true }, { ok: true }, { ok: true }, { ok: false, retryAfterMs: 9_997 }]);
    expect(await viaB.take('u2', 1_004)).toEqual({ ok: true });
  });

  it('GIVEN several turns asked in one turn of the event loop THEN one message carries them, and each gets its own answer', async () => {
    const { parentEnd, childEnd, log } = channel();
    serveCooldown(parentEnd, createCooldown({ maxRequests: 1, windowMs: 10_000 }));
    const remote = remoteCooldown({ parent: childEnd, fallback: SETTINGS });
    const results = await Promise.all([remote.take('a', 5), remote.take('b', 5), remote.take('a', 6)]);
    expect(results).toEqual([{ ok: true }, { ok: true }, { ok: false, retryAfterMs: 9_999 }]);
    expect(log.sent).toHaveLength(1);
    expect(log.sent[0].takes.map((t: { userId: string }) => t.userId)).toEqual(['a', 'b', 'a']);
  });

  it('GIVEN a parent that does not answer THEN the child decides with its own cooldown after the timeout, and says so', async () => {
    const { childEnd } = channel();
    const reasons: string[] = [];
    const remote = remoteCooldown({ parent: childEnd, fallback: { maxRequests: 1, windowMs: 10_000 }, timeoutMs: 30, onFallback: (why) => reasons.push(why) });
    expect(await remote.take('u', 1)).toEqual({ ok: true });
    expect(await remote.take('u', 2)).toEqual({ ok: false, retryAfterMs: 9_999 });
    expect(reasons).toEqual(['the parent did not answer within 30 ms', 'the parent did not answer within 30 ms']);
  });

  it('GIVEN a closed channel THEN decided locally at once, never an exception', async () => {
    const { childEnd } = channel({ closed: true });
    const reasons: string[] = [];
    const remote = remoteCooldown({ parent: childEnd, fallback: SETTINGS, timeoutMs: 5_000, onFallback: (why) => reasons.push(why) });
    expect(await remote.take('u', 1)).toEqual({ ok: true });
    expect(reasons).toEqual(['IPC send failed (Channel closed)']);
  });

  it('GIVEN malformed questions THEN the parent skips them and still answers the good ones', async () => {
    const { parentEnd, childEnd } = channel();
    serveCooldown(parentEnd, createCooldown(SETTINGS));
    const answers: any[] = [];
    childEnd.on('message', (m) => answers.push(m));
    childEnd.send!({ kind: 'cooldown.take', limiter: 'cooldown', takes: [null, { id: 'x' }, { id: 7, userId: 'u', now: 1 }] }, () => {});
    childEnd.send!({ kind: 'cooldown.take', limiter: 'cooldown', takes: 'nope' }, () => {});
    childEnd.send!('not an object', () => {});
    await new Promise((r) => setTimeout(r, 20));
    expect(answers).toEqual([{ kind: 'cooldown.result', limiter: 'cooldown', results: [{ id: 7, result: { ok: true } }] }]);
  });

  it('GIVEN two limiters on one channel THEN each is asked and answered apart (the user cooldown, the per-server quota)', async () => {
    const { parentEnd, childEnd } = channel();
    serveCooldown(parentEnd, createCooldown({ maxRequests: 1, windowMs: 10_000 }), 'cooldown');
    serveCooldown(parentEnd, createCooldown({ maxRequests: 2, windowMs: 10_000 }), 'addQuota');
    const cooldown = remoteCooldown({ parent: childEnd, fallback: SETTINGS, limiter: 'cooldown' });
    const quota = remoteCooldown({ parent: childEnd, fallback: SETTINGS, limiter: 'addQuota' });
    const [c1, q1, c2, q2, q3] = await Promise.all([cooldown.take('k', 1), quota.take('k', 1), cooldown.take('k', 2), quota.take('k', 2), quota.take('k', 3)]);
    expect([c1, c2].map((r) => r.ok)).toEqual([true, false]);
    expect([q1, q2, q3].map((r) => r.ok)).toEqual([true, true, false]);
  });

  it('GIVEN the cooldown off THEN no message at all', async () => {
    const { childEnd, log } = channel();
    const remote = remoteCooldown({ parent: childEnd, fallback: { maxRequests: 0, windowMs: 1 } });
    expect(await remote.take('u', 1)).toEqual({ ok: true });
    expect(log.sent).toEqual([]);
  });
});
