/**
 * `npm start -- --http --workers 2` as a process: the node:cluster primary and its two workers on one port,
 * over real sockets, with a loopback stand-in for Discord's REST API (deferred edits) and a slow loopback
 * news page (a deferred reply still in progress at SIGTERM).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, FakeDiscord, nextId, slash, USER } from '../e2e/fakeDiscord.js';
import { DATA_DIR, ROOT } from '../helpers.js';
import { fixture } from '../ingest/loopbackServer.js';
import { keyPair, post, send, signatureHeaders, type KeyPair } from './client.js';
import { collectJsonLogs, waitForLog as waitForLogLine } from '../e2e/jsonLogs.js';

let app: KeyPair;
let discord: FakeDiscord;
let news: http.Server;
let newsPort: number;
let primary: ChildProcess;
let exit: Promise<[number | null, NodeJS.Signals | null]>;
let base: string;
let dataDir: string;
const logs: Array<Record<string, any>> = [];
/** Everything the process printed so far (set when it is spawned). */
let output: () => string = () => '';

function waitForLog(match: (line: Record<string, any>) => boolean, timeoutMs = 30_000): Promise<Record<string, any>> {
  return waitForLogLine(logs, output, match, timeoutMs);
}

/** GET /healthz over fresh connections until `done` holds for what the workers said (round-robin spreads them). */
async function healthUntil(done: (byWorker: Map<number, any>) => boolean, timeoutMs = 20_000): Promise<Map<number, any>> {
  const byWorker = new Map<number, any>();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const health = await send(base, { method: 'GET', path: '/healthz' });
    if (health.status === 200) byWorker.set(health.json.worker, health.json);
    if (done(byWorker)) return byWorker;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`healthz never matched: ${JSON.stringify([...byWorker])}`);
}

/** A command from `userId` (the tests use their own users: the cooldown is shared by the workers). */
function from(userId: string, payload: ReturnType<typeof slash>) {
  return { ...payload, member: { ...payload.member, user: { ...USER, id: userId } } };
}

beforeAll(async () => {
  app = keyPair();
  discord = await FakeDiscord.start();
  // A news page that takes its time, so a deferred /article add is still working when SIGTERM comes.
  news = http.createServer((_req, res) => {
    setTimeout(() => {
      const body = fixture('harbour-bridge.html');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    }, 1_500);
  });
  news.listen(0, '127.0.0.1');
  await once(news, 'listening');
  newsPort = (news.address() as AddressInfo).port;
  dataDir = await mkdtemp(path.join(tmpdir(), 'qa-bot-cluster-'));
  await cp(path.join(DATA_DIR, 'articles'), path.join(dataDir, 'articles'), { recursive: true });
  primary = spawn(process.execPath, ['--import', 'tsx', path.join('src', 'main.ts'), '--http', '--workers', '2'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DISCORD_PUBLIC_KEY: app.publicHex,
      DISCORD_API_BASE: discord.apiBase,
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      COOLDOWN_MAX_REQUESTS: '3',
      COOLDOWN_WINDOW_SECONDS: '60',
      SERVER_MAX_ADDS_PER_HOUR: '1',
      ARTICLE_ALLOW_ADDRESSES: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  exit = once(primary, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  ({ output } = collectJsonLogs(primary, logs));
  const listening = await waitForLog((l) => l.msg === 'listening' && l.worker === 'primary', 60_000);
  base = String(listening.url).replace(/\/interactions$/, '');
}, 70_000);

afterAll(async () => {
  if (primary && primary.exitCode === null) primary.kill('SIGKILL');
  await discord?.close();
  news?.closeAllConnections();
  await new Promise((r) => news?.close(r));
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('npm start -- --http --workers 2', () => {
  it('GIVEN no cache THEN the primary builds it once and both workers warm-start from it', () => {
    const index = logs.filter((l) => l.msg === 'index');
    expect(index).toHaveLength(1);
    expect(index[0]).toMatchObject({ worker: 'primary', message: expect.stringMatching(/building the index/) });
    const ready = logs.filter((l) => l.msg === 'index ready');
    expect(ready.map((l) => l.worker).sort()).toEqual([1, 2, 'primary']);
    for (const line of logs) expect(line.worker === 'primary' || line.worker === 1 || line.worker === 2, JSON.stringify(line)).toBe(true);
  });

  it('GIVEN requests on fresh connections THEN both workers answer, and /healthz says 2 of 2 live', async () => {
    const seen = await healthUntil((m) => m.size === 2);
    for (const [worker, health] of seen) expect(health).toMatchObject({ status: 'ok', worker, workers: { live: 2, configured: 2 }, index: { articles: 1 } });
  });

  it('GIVEN one user asking on both workers THEN one cooldown counts every turn (held by the primary)', async () => {
    const user = nextId();
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await post(base, app.privateKey, from(user, slash('help', []))));
    expect(replies.map((r) => r.json.type)).toEqual([4, 4, 4, 4]);
    expect(replies.slice(0, 3).some((r) => /asking quickly/.test(r.text))).toBe(false);
    expect(replies[3]!.json.data).toMatchObject({ flags: 64, content: expect.stringMatching(/asking quickly/) });
    const lines = logs.filter((l) => l.msg === 'interaction' && l.user === user);
    expect(lines.map((l) => l.outcome)).toEqual(['ok', 'ok', 'ok', 'cooldown']);
    expect(new Set(lines.map((l) => l.worker)).size).toBe(2);
  });

  it('GIVEN a worker killed THEN the primary logs it, starts another, and /healthz is back to 2 live', async () => {
    const started = logs.find((l) => l.msg === 'worker started' && l.started === 1)!;
    process.kill(started.pid, 'SIGKILL');
    expect(await waitForLog((l) => l.msg === 'worker died' && l.died === 1)).toMatchObject({ worker: 'primary', signal: 'SIGKILL' });
    expect(await waitForLog((l) => l.msg === 'worker restarted' && l.replaces === 1)).toMatchObject({ worker: 'primary', started: 3 });
    const seen = await healthUntil((m) => m.has(3) && m.get(3).workers.live === 2);
    expect(seen.get(3)).toMatchObject({ workers: { live: 2, configured: 2 } });
    // The replacement warm-started from the primary's cache too.
    expect(logs.filter((l) => l.msg === 'index')).toHaveLength(1);
  }, 40_000);

  it('GIVEN an article file added THEN live reload reaches every worker', async () => {
    const article = '---\ntitle: Ferry timetable changes\nsource: Test Gazette\n---\n\nThe ferry leaves at noon from Monday.\n';
    await writeFile(path.join(dataDir, 'articles', 'ferry-timetable.md'), article);
    const seen = await healthUntil((m) => m.size >= 2 && [...m.values()].filter((h) => h.workers.live === 2 && h.index.articles === 2).length >= 2);
    expect([...seen.values()].filter((h) => h.index.articles === 2).length).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < 4; i++) {
      const sources = await post(base, app.privateKey, from(nextId(), slash('sources', [])));
      expect(sources.json.data.embeds[0].title).toBe('Indexed articles (2)');
    }
  });

  it('GIVEN one server adding articles through both workers THEN one /article add quota counts both (held by the primary)', async () => {
    const guild = '400000000000000777';
    const add = () => {
      const payload = from(nextId(), slash('article', [{ name: 'add', type: 1, options: [{ name: 'url', type: 3, value: `http://127.0.0.1:${newsPort}/news/orchard` }] } as never]));
      return { ...payload, guild_id: guild, channel: { ...payload.channel, guild_id: guild }, authorizing_integration_owners: { '0': guild } };
    };
    const first = add();
    expect((await post(base, app.privateKey, first)).json.type).toBe(5);
    const firstWorker = (await waitForLog((l) => l.msg === 'interaction' && l.interaction === first.id)).worker;
    // Round-robin usually hands the next connection to the other worker; ask until one did.
    let other: ReturnType<typeof add> | undefined;
    for (let i = 0; i < 6 && !other; i++) {
      const next = add();
      expect((await post(base, app.privateKey, next)).json.type).toBe(5);
      if ((await waitForLog((l) => l.msg === 'interaction' && l.interaction === next.id)).worker !== firstWorker) other = next;
    }
    expect(other, 'no add reached the other worker').toBeDefined();
    const refused = await discord.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(`/${other!.token}/messages/@original`), 10_000);
    expect(refused.body.content).toMatch(/^This server has added 1 articles in the last hour, the most it may/);
    const added = await discord.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(`/${first.token}/messages/@original`), 10_000);
    expect(added.body.content).toMatch(/^Added \*\*/);
    // The server's new article (written by one worker, seen by the primary's watcher) reaches both workers.
    const sourcesIn = () => {
      const payload = from(nextId(), slash('sources', []));
      return { ...payload, guild_id: guild, channel: { ...payload.channel, guild_id: guild }, authorizing_integration_owners: { '0': guild } };
    };
    const articleId = String(added.body.content).match(/as `([^`]+)`/)![1]!;
    const deadline = Date.now() + 10_000;
    let streak: string[] = [];
    while (Date.now() < deadline && streak.length < 4) {
      const request = sourcesIn();
      const description = String((await post(base, app.privateKey, request)).json.data.embeds?.[0]?.description ?? '');
      streak = description.includes(`\`${articleId}\``) ? [...streak, request.id] : [];
    }
    expect(streak).toHaveLength(4);
    const answeredBy = await Promise.all(streak.map((id) => waitForLog((l) => l.msg === 'interaction' && l.interaction === id).then((l) => l.worker)));
    expect(new Set(answeredBy).size).toBe(2);
  });

  it('GIVEN SIGTERM with a request half sent and a deferred edit in progress THEN both finish, then every process exits 0', async () => {
    // A deferred /article add: acknowledged now, the page takes 1.5 s, the edit comes after.
    const adding = from(nextId(), slash('article', [{ name: 'add', type: 1, options: [{ name: 'url', type: 3, value: `http://127.0.0.1:${newsPort}/news/harbour` }] } as never]));
    const ack = await post(base, app.privateKey, adding);
    expect(ack.json).toEqual({ type: 5, data: { flags: 64 } });

    // An /ask whose body is only half uploaded when SIGTERM arrives.
    const body = JSON.stringify(from(nextId(), slash('ask', [{ name: 'question', type: 3, value: 'Who met whom?' }])));
    const { port } = new URL(base);
    const socket = connect(Number(port), '127.0.0.1');
    await once(socket, 'connect');
    let response = '';
    socket.on('data', (c: Buffer) => (response += c.toString()));
    const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...signatureHeaders(app.privateKey, body) };
    socket.write(`POST /interactions HTTP/1.1\r\nHost: 127.0.0.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body.slice(0, 100)}`);
    await new Promise((r) => setTimeout(r, 200));

    primary.kill('SIGTERM');
    await waitForLog((l) => l.msg === 'shutting down' && l.worker === 'primary');
    await new Promise((r) => setTimeout(r, 300));
    socket.write(body.slice(100));
    await once(socket, 'end');
    expect(response).toMatch(/^HTTP\/1\.1 200 /);
    expect(response).toContain('**Q:** Who met whom?');

    const edit = await discord.waitForRequest((r) => r.method === 'PATCH' && r.path === `/api/v10/webhooks/${APP_ID}/${adding.token}/messages/@original`, 20_000);
    expect(edit.body.content).toMatch(/^Added \*\*/);
    const [code] = await exit;
    expect(code).toBe(0);
    const followUp = logs.findIndex((l) => l.msg === 'http follow-up' && l.interaction === adding.id);
    const stoppedLines = logs.filter((l) => l.msg === 'stopped');
    expect(followUp).toBeGreaterThanOrEqual(0);
    expect(stoppedLines.map((l) => l.worker).sort()).toEqual([2, 3, 'primary']);
    expect(logs.at(-1)).toMatchObject({ msg: 'stopped', worker: 'primary' });
    expect(logs.filter((l) => l.level === 'error').map((l) => l.msg)).toEqual(['worker died']);
  }, 40_000);
});

describe('npm start -- --http --workers 2 on a port already in use', () => {
  it('GIVEN no worker can listen THEN the primary stops them all and exits 1 saying why, instead of restarting forever', async () => {
    const taken = http.createServer();
    taken.listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('src', 'main.ts'), '--http', '--workers', '2'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DISCORD_PUBLIC_KEY: keyPair().publicHex, HOST: '127.0.0.1', PORT: String((taken.address() as AddressInfo).port), DATA_DIR },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    try {
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(1);
      expect(err).toMatch(/^Could not start the HTTP interactions endpoint: worker \d exited \(code 1\) before any worker was listening/);
      const lines = out.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.find((l) => l.msg === 'worker could not start')).toMatchObject({ level: 'error', error: { code: 'EADDRINUSE' } });
      expect(lines.filter((l) => l.msg === 'worker restarted')).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      taken.close();
    }
  }, 40_000);
});
