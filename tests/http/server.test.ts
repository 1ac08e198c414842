/**
 * The HTTP interactions endpoint over real loopback sockets, with a real Ed25519 key pair: verification,
 * the same replies as the dispatcher, bad input, timeouts, and one log line per request.
 */
import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandContext, handleInteraction } from '../../src/commands/index.js';
import type { InteractionReply, InteractionRequest } from '../../src/commands/types.js';
import type { SearchIndex } from '../../src/index/buildIndex.js';
import { createLogger, silentLogger } from '../../src/logger.js';
import { createInteractionsServer, NOT_HANDLED, type InteractionsServer } from '../../src/transports/http.js';
import { fakeMessage, interaction, slash, USER } from '../e2e/fakeDiscord.js';
import { bundledIndex } from '../helpers.js';
import { keyPair, post, raw, send, signatureHeaders, type KeyPair } from './client.js';

let index: SearchIndex;
let app: KeyPair;
let url: string;
let http: InteractionsServer;
const logs: Array<Record<string, any>> = [];
const logText: string[] = [];

/** What the transport-free dispatcher answers for the same request, computed in this process. */
async function expected(request: InteractionRequest): Promise<InteractionReply> {
  const context = createCommandContext({ index, logger: silentLogger, cooldown: { maxRequests: 0, windowMs: 1 } });
  return handleInteraction(request, context);
}

const httpLogs = () => logs.filter((l) => l.msg === 'http');
const lastHttpLog = () => httpLogs().at(-1)!;

beforeAll(async () => {
  index = await bundledIndex();
  app = keyPair();
  const logger = createLogger({
    level: 'debug',
    write: (line) => {
      logText.push(line);
      logs.push(JSON.parse(line) as Record<string, any>);
    },
  });
  const context = createCommandContext({ index, logger, cooldown: { maxRequests: 0, windowMs: 1 } });
  http = createInteractionsServer({ publicKey: app.publicHex, context, logger, limits: { bodyTimeoutMs: 300, headersTimeoutMs: 400, requestTimeoutMs: 2_000, timeoutCheckMs: 100 } });
  await new Promise<void>((resolve) => http.server.listen(0, '127.0.0.1', resolve));
  const address = http.server.address() as { port: number };
  url = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  http.server.closeAllConnections();
  await new Promise((resolve) => http.server.close(resolve));
});

describe('verification', () => {
  it('GIVEN a signed PING THEN {"type":1}', async () => {
    const res = await post(url, app.privateKey, { id: '1', application_id: '1', type: 1, token: 'ping-token', version: 1 });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.json).toEqual({ type: 1 });
    expect(lastHttpLog()).toMatchObject({ method: 'POST', path: '/interactions', status: 200, type: 1 });
  });

  it('GIVEN a forged signature (body changed after signing) THEN 401', async () => {
    const signed = JSON.stringify({ type: 1 });
    const res = await send(url, { body: JSON.stringify({ type: 2 }), headers: signatureHeaders(app.privateKey, signed) });
    expect(res.status).toBe(401);
    expect(lastHttpLog()).toMatchObject({ status: 401, reason: 'bad signature' });
  });

  it('GIVEN a signature flipped in one bit THEN 401', async () => {
    const body = JSON.stringify({ type: 1 });
    const headers = signatureHeaders(app.privateKey, body);
    const sig = headers['x-signature-ed25519']!;
    headers['x-signature-ed25519'] = (parseInt(sig[0]!, 16) ^ 1).toString(16) + sig.slice(1);
    expect((await send(url, { body, headers })).status).toBe(401);
  });

  it("GIVEN another key's valid signature THEN 401", async () => {
    const other = keyPair();
    const res = await post(url, other.privateKey, { type: 1 });
    expect(res.status).toBe(401);
    expect(lastHttpLog()).toMatchObject({ reason: 'bad signature' });
  });

  it('GIVEN no signature headers, or only one of them THEN 401 without reading the body', async () => {
    const body = JSON.stringify({ type: 1 });
    const unsigned = await send(url, { body });
    expect(unsigned.status).toBe(401);
    expect(unsigned.json).toEqual({ error: 'invalid request signature' });
    expect(lastHttpLog()).toMatchObject({ reason: 'unsigned' });
    const { 'x-signature-ed25519': onlySignature } = signatureHeaders(app.privateKey, body);
    expect((await send(url, { body, headers: { 'x-signature-ed25519': onlySignature! } })).status).toBe(401);
  });

  it('GIVEN a stale or future timestamp (over 5 minutes) THEN 401, even though correctly signed', async () => {
    const body = JSON.stringify({ type: 1 });
    const now = Math.floor(Date.now() / 1000);
    const stale = await send(url, { body, headers: signatureHeaders(app.privateKey, body, now - 301) });
    expect(stale.status).toBe(401);
    expect(lastHttpLog()).toMatchObject({ reason: 'stale timestamp' });
    const future = await send(url, { body, headers: signatureHeaders(app.privateKey, body, now + 301) });
    expect(future.status).toBe(401);
    const recent = await send(url, { body, headers: signatureHeaders(app.privateKey, body, now - 240) });
    expect(recent.status).toBe(200);
  });

  it.each([
    ['non-hex signature', { 'x-signature-ed25519': 'zz'.repeat(64), 'x-signature-timestamp': 'NOW' }],
    ['short signature', { 'x-signature-ed25519': 'ab'.repeat(63), 'x-signature-timestamp': 'NOW' }],
    ['long signature', { 'x-signature-ed25519': 'ab'.repeat(65), 'x-signature-timestamp': 'NOW' }],
    ['empty signature', { 'x-signature-ed25519': '', 'x-signature-timestamp': 'NOW' }],
    ['non-numeric timestamp', { 'x-signature-ed25519': 'ab'.repeat(64), 'x-signature-timestamp': '12e9' }],
    ['huge timestamp', { 'x-signature-ed25519': 'ab'.repeat(64), 'x-signature-timestamp': '9'.repeat(40) }],
  ])('GIVEN a %s THEN 401, not a crash', async (_name, headers) => {
    const now = String(Math.floor(Date.now() / 1000));
    const fixed = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v === 'NOW' ? now : v]));
    const res = await send(url, { body: '{"type":1}', headers: fixed });
    expect(res.status).toBe(401);
  });
});

describe('interactions', () => {
  it('GIVEN /ask THEN type 4 with exactly the reply the dispatcher renders', async () => {
    const ask = slash('ask', [{ name: 'question', type: 3, value: 'who met whom?' }]);
    const res = await post(url, app.privateKey, ask);
    expect(res.status).toBe(200);
    expect(res.json).toEqual(await expected({ id: ask.id, kind: 'command', userId: USER.id, name: 'ask', options: { question: 'who met whom?' } }));
    expect(res.json).toMatchObject({ type: 4, data: { allowed_mentions: { parse: [] } } });
    expect(res.json.data.embeds[0].description).toMatch(/^\*\*Q:\*\* who met whom\?\n/);
    expect(lastHttpLog()).toMatchObject({ status: 200, type: 2, command: 'ask', interaction: ask.id, replyType: 4 });
    expect(typeof lastHttpLog().latencyMs).toBe('number');
  });

  it('GIVEN typing in /search THEN type 8 choices, as the dispatcher gives them', async () => {
    const typing = slash('search', [{ name: 'query', type: 3, value: 'automot', focused: true }], 4);
    const res = await post(url, app.privateKey, typing);
    expect(res.json.type).toBe(8);
    expect(res.json.data.choices[0]).toEqual({ name: 'automot', value: 'automot' });
    expect(res.json).toEqual(
      await expected({ id: typing.id, kind: 'autocomplete', userId: USER.id, name: 'search', options: { query: 'automot' }, focused: 'query' }),
    );
  });

  it('GIVEN a click on "Full paragraph" THEN type 4; GIVEN ▶ on that THEN type 7 (update in place)', async () => {
    const asked = await post(url, app.privateKey, slash('ask', [{ name: 'question', type: 3, value: 'Where did the meeting take place?' }]));
    const buttons = (reply: any): any[] => (reply.data.components ?? []).flatMap((row: any) => row.components);
    const full = buttons(asked.json).find((b) => b.label === 'Full paragraph');
    const message = fakeMessage({ embeds: asked.json.data.embeds, components: asked.json.data.components });
    const opened = await post(url, app.privateKey, interaction(3, { component_type: 2, custom_id: full.custom_id }, { message }));
    expect(opened.json).toMatchObject({ type: 4, data: { flags: 64, allowed_mentions: { parse: [] } } });
    const forward = buttons(opened.json).find((b) => String(b.label).endsWith('▶'));
    const moved = await post(
      url,
      app.privateKey,
      interaction(3, { component_type: 2, custom_id: forward.custom_id }, { message: fakeMessage({ embeds: opened.json.data.embeds }) }),
    );
    expect(moved.json.type).toBe(7);
    expect(lastHttpLog()).toMatchObject({ type: 3, command: 'pnav', replyType: 7 });
  });

  it('GIVEN an unknown command, a stale button, a modal or an unknown type THEN a clear ephemeral message, never a 500', async () => {
    const unknown = await post(url, app.privateKey, slash('frobnicate', []));
    expect(unknown.status).toBe(200);
    expect(unknown.json).toMatchObject({ type: 4, data: { flags: 64, content: expect.stringContaining('frobnicate') } });
    const stale = await post(url, app.privateKey, interaction(3, { component_type: 2, custom_id: 'v0-button:xyz' }, { message: fakeMessage() }));
    expect(stale.json).toMatchObject({ type: 4, data: { flags: 64 } });
    const modal = await post(url, app.privateKey, { ...interaction(2, {}), type: 5, data: { custom_id: 'm', components: [] } });
    expect(modal.json).toEqual({ type: 4, data: { content: NOT_HANDLED, flags: 64, allowed_mentions: { parse: [] } } });
    const future = await post(url, app.privateKey, { id: '9', type: 99, token: 't', version: 1 });
    expect(future.status).toBe(200);
    expect(future.json.data.content).toBe(NOT_HANDLED);
    // A command payload with no data at all: the adapter cannot read it; still an answer.
    const shapeless = await post(url, app.privateKey, { id: '10', type: 2, token: 't', version: 1 });
    expect(shapeless.status).toBe(200);
    expect(shapeless.json.data.flags).toBe(64);
  });

  it('GIVEN an interaction token THEN it never appears in a log line', async () => {
    const ask = slash('ask', [{ name: 'question', type: 3, value: 'when?' }]);
    await post(url, app.privateKey, ask);
    expect(logText.join('\n')).not.toContain(ask.token);
    expect(logText.join('\n')).not.toContain('interaction-token-');
  });
});

describe('bad input', () => {
  it('GIVEN malformed JSON, correctly signed THEN 400', async () => {
    const body = '{"type": 1,';
    const res = await send(url, { body, headers: signatureHeaders(app.privateKey, body) });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: 'malformed JSON' });
    for (const notInteraction of ['[]', 'null', '"x"', '{"type":"1"}']) {
      const r = await send(url, { body: notInteraction, headers: signatureHeaders(app.privateKey, notInteraction) });
      expect(r.status).toBe(400);
    }
  });

  it('GIVEN Content-Length over 1 MiB THEN 413 before the body is sent, and the connection closes', async () => {
    const body = Buffer.alloc(2 * 1024 * 1024, 0x20);
    const head = `POST /interactions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n${signedHeaderLines(body)}\r\n`;
    const res = await raw(url, [head, body.subarray(0, 1000)], { waitMs: 3_000 });
    expect(res.text).toMatch(/^HTTP\/1\.1 413 /);
    expect(res.closed).toBe(true);
    expect(lastHttpLog()).toMatchObject({ status: 413, reason: 'too large' });
  });

  it('GIVEN a chunked body that grows past 1 MiB THEN 413 once it passes the cap, without reading the rest', async () => {
    const head = `POST /interactions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n${signedHeaderLines('{}')}\r\n`;
    const piece = Buffer.alloc(256 * 1024, 0x20);
    const chunk = Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]);
    // 5 × 256 KiB = 1.25 MiB offered; the terminating chunk is never sent.
    const res = await raw(url, [head, chunk, chunk, chunk, chunk, chunk], { gapMs: 10, waitMs: 3_000 });
    expect(res.text).toMatch(/^HTTP\/1\.1 413 /);
    expect(res.closed).toBe(true);
  });

  it('GIVEN a body that stops half-way THEN 408 after the body timeout, and the connection closes', async () => {
    const body = '{"type":1}';
    const head = `POST /interactions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n${signedHeaderLines(body)}\r\n`;
    const res = await raw(url, [head, body.slice(0, 4)], { waitMs: 3_000 });
    expect(res.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(res.closed).toBe(true);
    expect(res.elapsedMs).toBeGreaterThanOrEqual(250);
    expect(res.elapsedMs).toBeLessThan(2_500);
    expect(lastHttpLog()).toMatchObject({ status: 408, reason: 'timeout' });
  });

  it('GIVEN headers that never finish (slowloris) THEN 408 after the headers timeout, and the connection closes', async () => {
    const res = await raw(url, ['POST /interactions HTTP/1.1\r\nHost: x\r\n', 'X-Slow: 1\r\n'], { gapMs: 100, waitMs: 4_000 });
    expect(res.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(res.closed).toBe(true);
    expect(res.elapsedMs).toBeGreaterThanOrEqual(350);
    expect(res.elapsedMs).toBeLessThan(3_000);
  });

  it('GIVEN a client that hangs up mid-body THEN the server carries on', async () => {
    const head = `POST /interactions HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n${signedHeaderLines('x')}\r\n`;
    const { hostname, port } = new URL(url);
    const { connect } = await import('node:net');
    const socket = connect(Number(port), hostname);
    await new Promise((r) => socket.on('connect', r));
    socket.write(head + '{"ty');
    await new Promise((r) => setTimeout(r, 50));
    socket.destroy();
    await new Promise((r) => setTimeout(r, 50));
    expect((await post(url, app.privateKey, { type: 1 })).json).toEqual({ type: 1 });
  });

  it('GIVEN garbage instead of HTTP THEN 400 and the server carries on', async () => {
    const res = await raw(url, ['HELLO THERE\r\n\r\n'], { waitMs: 2_000 });
    expect(res.text).toMatch(/^HTTP\/1\.1 400 /);
    expect((await post(url, app.privateKey, { type: 1 })).json).toEqual({ type: 1 });
  });

  it('GIVEN a wrong method THEN 405 with Allow; GIVEN a wrong path THEN 404', async () => {
    const get = await send(url, { method: 'GET' });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    const put = await send(url, { method: 'PUT', body: '{}' });
    expect(put.status).toBe(405);
    expect((await send(url, { path: '/', method: 'POST', body: '{}' })).status).toBe(404);
    expect((await send(url, { path: '/interactions/extra', body: '{}' })).status).toBe(404);
    expect((await send(url, { path: '/healthz', method: 'POST', body: '{}' })).status).toBe(405);
  });

  it('GIVEN a query string THEN routed by path alone', async () => {
    const body = JSON.stringify({ type: 1 });
    const res = await send(url, { path: '/interactions?x=1', body, headers: signatureHeaders(app.privateKey, body) });
    expect(res.json).toEqual({ type: 1 });
  });
});

describe('/healthz and counters', () => {
  it('GIVEN GET /healthz THEN 200 saying the index is loaded, with its size', async () => {
    const agent = new Agent({ keepAlive: true });
    const res = await send(url, { method: 'GET', path: '/healthz', agent });
    agent.destroy();
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok', index: { loaded: true, articles: 1, paragraphs: index.corpus.articles[0]!.paragraphs.length } });
    expect(res.headers.connection).not.toBe('close');
    const head = await send(url, { method: 'HEAD', path: '/healthz' });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
  });

  it('GIVEN verified requests THEN the verification time is counted', () => {
    const stats = http.stats();
    expect(stats.verified).toBeGreaterThan(5);
    expect(stats.verifyNs).toBeGreaterThan(0n);
    expect(stats.handleNs).toBeGreaterThan(stats.verifyNs);
    expect(stats.requests).toBe(httpLogs().length);
    expect(httpLogs().filter((l) => l.status >= 408).map((l) => [l.status, l.reason])).toEqual([
      [413, 'too large'],
      [413, 'too large'],
      [408, 'timeout'],
      [499, 'client closed'],
    ]);
  });
});

function signedHeaderLines(body: string | Buffer): string {
  const headers = signatureHeaders(app.privateKey, body);
  return Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
}
