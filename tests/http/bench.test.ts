/**
 * The load generator behind `npm run bench:http`, on a tiny bounded load against the real server:
 * its signed /ask requests verify and are answered, and it counts what it sent.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askInteraction, benchQuestions, prepare } from '../../src/bench/httpBench.js';
import { runLoad } from '../../src/bench/httpLoad.js';
import { median } from '../../src/bench/stats.js';
import { createCommandContext } from '../../src/commands/index.js';
import { fromApiInteraction } from '../../src/commands/fromApiInteraction.js';
import { silentLogger } from '../../src/logger.js';
import { createInteractionsServer, type InteractionsServer } from '../../src/transports/http.js';
import { verifyRequest } from '../../src/transports/http/verify.js';
import { bundledIndex, DATA_DIR } from '../helpers.js';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
let http: InteractionsServer;
let url: string;

beforeAll(async () => {
  const context = createCommandContext({ index: await bundledIndex(), logger: silentLogger, cooldown: { maxRequests: 0, windowMs: 1 } });
  http = createInteractionsServer({ publicKey, context, logger: silentLogger });
  await new Promise<void>((resolve) => http.server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.server.address() as { port: number }).port}/interactions`;
});

afterAll(async () => {
  http.server.closeAllConnections();
  await new Promise((resolve) => http.server.close(resolve));
});

describe('bench:http load generator', () => {
  it('GIVEN the gold questions THEN signed /ask payloads the adapter reads and the verifier accepts', async () => {
    const questions = await benchQuestions(DATA_DIR);
    expect(questions.length).toBeGreaterThan(10);
    const [first] = prepare(privateKey, questions, 1);
    const headers = { signature: first!.headers['x-signature-ed25519'], timestamp: first!.headers['x-signature-timestamp'] };
    expect(verifyRequest(publicKey, headers, first!.body, Date.now())).toEqual({ ok: true });
    expect(fromApiInteraction(askInteraction(3, 'Who met whom?') as never)).toMatchObject({ kind: 'command', name: 'ask', options: { question: 'Who met whom?' } });
  });

  it('GIVEN a first user number THEN each signed /ask comes from its own user, questions round-robin', async () => {
    const questions = await benchQuestions(DATA_DIR);
    const requests = prepare(privateKey, questions, 3, 'ask', 100).map((r) => JSON.parse(r.body.toString()));
    expect(new Set(requests.map((r) => r.member.user.id)).size).toBe(3);
    expect(requests.map((r) => r.data.options[0].value)).toEqual([100, 101, 102].map((n) => questions[n % questions.length]));
    expect(requests[0].member.user.id).not.toBe(prepare(privateKey, questions, 1, 'ask', 0).map((r) => JSON.parse(r.body.toString()))[0].member.user.id);
  });

  it('GIVEN a bounded load THEN every request is answered with type 4 and counted', async () => {
    const requests = prepare(privateKey, await benchQuestions(DATA_DIR), 16);
    const accept = (_s: number, body: Buffer) => body.subarray(0, 9).toString() === '{"type":4';
    const result = await runLoad({ url, concurrency: 4, durationMs: 10_000, maxRequests: 40, requests, accept });
    expect(result).toMatchObject({ concurrency: 4, requests: 40, errors: 0 });
    expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms);
    expect(http.stats().verified).toBe(40);
  });

  it('GIVEN a wrong key THEN every request is an error, reported', async () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    const result = await runLoad({ url, concurrency: 2, durationMs: 10_000, maxRequests: 6, requests: prepare(other, ['who?'], 2) });
    expect(result.errors).toBe(6);
    expect(result.firstError).toMatch(/^status 401/);
  });

  it('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
