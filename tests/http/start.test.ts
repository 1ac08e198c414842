/**
 * Start-up of the HTTP endpoint: the config it needs, /healthz while the index loads, startHttp, and
 * the real entry point (`npm start -- --http`, i.e. `tsx src/main.ts --http`) as a process.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandContext } from '../../src/commands/index.js';
import type { CommandContext } from '../../src/commands/types.js';
import { ConfigError, loadConfig, requireHttp } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { createInteractionsServer, STARTING_UP, startHttp } from '../../src/transports/http.js';
import { publicKeyFromHex } from '../../src/transports/http/verify.js';
import { slash } from '../e2e/fakeDiscord.js';
import { bundledIndex, DATA_DIR, ROOT } from '../helpers.js';
import { keyPair, post, send } from './client.js';

describe('config for HTTP mode', () => {
  it('GIVEN nothing THEN 0.0.0.0:8080 and no key; requireHttp names DISCORD_PUBLIC_KEY', () => {
    const config = loadConfig({});
    expect(config.http).toEqual({ host: '0.0.0.0', port: 8080, publicKey: undefined });
    expect(() => requireHttp(config)).toThrow(ConfigError);
    expect(() => requireHttp(config)).toThrow(/^Configuration error: DISCORD_PUBLIC_KEY is not set/);
  });

  it('GIVEN a key, HOST and PORT THEN parsed (key lower-cased) and requireHttp passes', () => {
    const hex = keyPair().publicHex.toUpperCase();
    const config = loadConfig({ DISCORD_PUBLIC_KEY: hex, HOST: '127.0.0.1', PORT: '3000' });
    expect(config.http).toEqual({ host: '127.0.0.1', port: 3000, publicKey: hex.toLowerCase() });
    expect(() => requireHttp(config)).not.toThrow();
    expect(publicKeyFromHex(config.http.publicKey!).asymmetricKeyType).toBe('ed25519');
  });

  it.each([
    [{ DISCORD_PUBLIC_KEY: 'abc' }, /DISCORD_PUBLIC_KEY must be 64 hex characters/],
    [{ DISCORD_PUBLIC_KEY: 'g'.repeat(64) }, /DISCORD_PUBLIC_KEY must be 64 hex characters/],
    [{ DISCORD_PUBLIC_KEY: 'a'.repeat(66) }, /DISCORD_PUBLIC_KEY must be 64 hex characters/],
    [{ PORT: 'http' }, /PORT must be a port number/],
    [{ PORT: '70000' }, /PORT must be 0 to 65535/],
  ])('GIVEN %j THEN one clear message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('startHttp', () => {
  it('GIVEN the index still loading THEN /healthz is 503, PING works and commands get a notice; then 200', async () => {
    const app = keyPair();
    let resolve!: (context: CommandContext) => void;
    const loading = new Promise<CommandContext>((r) => (resolve = r));
    const { server, ready } = createInteractionsServer({ publicKey: app.publicHex, context: loading, logger: silentLogger });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      expect(ready()).toBe(false);
      const starting = await send(url, { method: 'GET', path: '/healthz' });
      expect(starting.status).toBe(503);
      expect(starting.json).toEqual({ status: 'starting', index: { loaded: false } });
      expect((await post(url, app.privateKey, { type: 1 })).json).toEqual({ type: 1 });
      const early = await post(url, app.privateKey, slash('ask', [{ name: 'question', type: 3, value: 'who?' }]));
      expect(early.json).toMatchObject({ type: 4, data: { content: STARTING_UP, flags: 64 } });
      expect((await post(url, app.privateKey, slash('search', [{ name: 'query', type: 3, value: 'a', focused: true }], 4))).json).toEqual({ type: 8, data: { choices: [] } });

      resolve(createCommandContext({ index: await bundledIndex(), logger: silentLogger, cooldown: { maxRequests: 0, windowMs: 1 } }));
      await loading;
      expect(ready()).toBe(true);
      expect((await send(url, { method: 'GET', path: '/healthz' })).status).toBe(200);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('GIVEN a config THEN listens on HOST:PORT, answers, and stops cleanly', async () => {
    const app = keyPair();
    const config = loadConfig({ DISCORD_PUBLIC_KEY: app.publicHex, HOST: '127.0.0.1', PORT: '0', COOLDOWN_MAX_REQUESTS: '0' });
    const handle = await startHttp(config, { index: await bundledIndex(), logger: silentLogger, handleProcessEvents: false, feedback: null });
    expect(handle.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(handle.port).toBeGreaterThan(0);
    const res = await post(handle.url, app.privateKey, slash('sources', []));
    expect(res.json.data.embeds[0].title).toBe('Indexed articles (1)');
    await handle.stop();
    await handle.stop();
    await expect(send(handle.url, { method: 'GET', path: '/healthz' })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('GIVEN no index THEN loads DATA_DIR, and an article file added while running shows in /sources and /healthz', async () => {
    const app = keyPair();
    const dataDir = await mkdtemp(path.join(tmpdir(), 'qa-bot-http-'));
    await cp(path.join(DATA_DIR, 'articles'), path.join(dataDir, 'articles'), { recursive: true });
    const config = loadConfig({ DISCORD_PUBLIC_KEY: app.publicHex, HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, COOLDOWN_MAX_REQUESTS: '0' });
    const handle = await startHttp(config, { logger: silentLogger, handleProcessEvents: false });
    try {
      const poll = async (articles: number) => {
        for (let i = 0; i < 300; i++) {
          const health = await send(handle.url, { method: 'GET', path: '/healthz' });
          if (health.status === 200 && health.json.index.articles === articles) return health.json;
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error(`index never reached ${articles} article(s)`);
      };
      await poll(1);
      const article = '---\ntitle: Harbour bridge opens to traffic\nsource: Test Gazette\n---\n\nThe harbour bridge opened to traffic on Monday.\n';
      await writeFile(path.join(dataDir, 'articles', 'harbour-bridge.md'), article);
      await poll(2);
      const sources = await post(handle.url, app.privateKey, slash('sources', []));
      expect(sources.json.data.embeds[0].title).toBe('Indexed articles (2)');
    } finally {
      await handle.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('GIVEN the port in use THEN startHttp rejects with the listen error', async () => {
    const app = keyPair();
    const first = await startHttp(loadConfig({ DISCORD_PUBLIC_KEY: app.publicHex, HOST: '127.0.0.1', PORT: '0' }), {
      index: await bundledIndex(),
      logger: silentLogger,
      handleProcessEvents: false,
      feedback: null,
    });
    try {
      const config = loadConfig({ DISCORD_PUBLIC_KEY: app.publicHex, HOST: '127.0.0.1', PORT: String(first.port) });
      await expect(startHttp(config, { logger: silentLogger, handleProcessEvents: false, feedback: null })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.stop();
    }
  });

  it('GIVEN no DISCORD_PUBLIC_KEY THEN startHttp refuses with the ConfigError', async () => {
    await expect(startHttp(loadConfig({ PORT: '0' }), { logger: silentLogger, handleProcessEvents: false })).rejects.toThrow(/DISCORD_PUBLIC_KEY is not set/);
  });
});

describe('npm start -- --http', () => {
  // A copy of the bundled articles: the process writes its index cache and feedback database there, not in the repository.
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'qa-bot-http-main-'));
    await cp(path.join(DATA_DIR, 'articles'), path.join(dataDir, 'articles'), { recursive: true });
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  function run(env: Record<string, string>) {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('src', 'main.ts'), '--http'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    return { child, exited, out: () => stdout, err: () => stderr };
  }

  it('GIVEN a key THEN the process serves signed interactions and exits 0 on SIGTERM; GIVEN none THEN exit 2 naming it', async () => {
    const app = keyPair();
    const server = run({ DISCORD_PUBLIC_KEY: app.publicHex, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info' });
    const missing = run({ HOST: '127.0.0.1', PORT: '0' });
    try {
      const [code] = await missing.exited;
      expect(code).toBe(2);
      expect(missing.err()).toMatch(/^Configuration error: DISCORD_PUBLIC_KEY is not set/);

      const deadline = Date.now() + 30_000;
      while (!/"msg":"index ready"/.test(server.out()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const listening = server.out().split('\n').map((l) => (l.trim() ? JSON.parse(l) : {})).find((l) => l.msg === 'listening');
      expect(listening, server.out() + server.err()).toBeDefined();
      const base = String(listening.url).replace(/\/interactions$/, '');
      expect((await post(base, app.privateKey, { type: 1 })).json).toEqual({ type: 1 });
      expect((await send(base, { body: '{"type":1}' })).status).toBe(401);
      server.child.kill('SIGTERM');
      const [exitCode] = await server.exited;
      expect(exitCode).toBe(0);
      const lines = server.out().trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.filter((l) => l.msg === 'http').map((l) => l.status)).toEqual([200, 401]);
      expect(lines.at(-1)).toMatchObject({ msg: 'stopped' });
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
      if (missing.child.exitCode === null) missing.child.kill('SIGKILL');
    }
  }, 60_000);
});
