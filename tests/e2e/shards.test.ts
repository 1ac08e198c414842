/**
 * `npm start -- --shards auto` end to end: the real manager process (discord.js ShardingManager) and its
 * real shard processes against the loopback stand-in, which recommends 2 shards and holds each to one
 * IDENTIFY with the right `shard` pair.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR, ROOT } from '../helpers.js';
import { CHANNEL_ID, FakeDiscord, GUILD_ID, nextId, slash, USER } from './fakeDiscord.js';
import { collectJsonLogs, waitForLog as waitForLogLine } from './jsonLogs.js';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.FAKE.loopback-only-token-0123456789';
let discord: FakeDiscord;
let manager: ChildProcess;
let exit: Promise<[number | null, NodeJS.Signals | null]>;
const logs: Array<Record<string, any>> = [];
/** Everything the process printed so far (set when it is spawned). */
let output: () => string = () => '';
let dataDir: string;

/** A guild id whose events Discord delivers on `shard` of 2: the shard is (id >> 22) % 2. */
function guildOn(shard: number): string {
  const base = BigInt(GUILD_ID);
  for (let k = 0n; ; k++) {
    const id = base + (k << 22n);
    if (Number((id >> 22n) % 2n) === shard) return String(id);
  }
}
const GUILDS = [guildOn(0), guildOn(1)] as const;

/** An /ask or /help in `guild` from `userId` (each test its own user: the cooldown is shared by every shard). */
function commandIn(guild: string, userId: string, name: 'ask' | 'help', question?: string) {
  const payload = slash(name, question ? [{ name: 'question', type: 3, value: question }] : []);
  const user = { ...USER, id: userId };
  return {
    ...payload,
    guild_id: guild,
    channel: { id: CHANNEL_ID, type: 0, guild_id: guild, name: 'general' },
    member: { ...payload.member, user },
    authorizing_integration_owners: { '0': guild },
  };
}

function waitForLog(match: (line: Record<string, any>) => boolean, timeoutMs = 60_000): Promise<Record<string, any>> {
  return waitForLogLine(logs, output, match, timeoutMs);
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'qa-bot-shards-'));
  await cp(path.join(DATA_DIR, 'articles'), path.join(dataDir, 'articles'), { recursive: true });
  discord = await FakeDiscord.start({ shards: 2 });
  manager = spawn(process.execPath, ['--import', 'tsx', path.join('src', 'main.ts'), '--shards', 'auto'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_BASE: discord.apiBase,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      COOLDOWN_MAX_REQUESTS: '3',
      COOLDOWN_WINDOW_SECONDS: '60',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  exit = once(manager, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  ({ output } = collectJsonLogs(manager, logs));
  await waitForLog((l) => l.msg === 'all shards ready', 90_000);
}, 100_000);

afterAll(async () => {
  if (manager && manager.exitCode === null) manager.kill('SIGKILL');
  // Shards that outlived a killed manager notice the lost IPC channel and exit; give them a moment.
  await discord?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('npm start -- --shards auto against a loopback Discord recommending 2 shards', () => {
  it('GIVEN auto THEN the count comes from /gateway/bot and each shard IDENTIFIES once, with its own shard pair', async () => {
    expect(logs.find((l) => l.msg === 'shard count from Discord')).toMatchObject({ shard: 'manager', shards: 2 });
    const identifies = discord.identifies().map((f) => f.d);
    expect(identifies.map((d) => d.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    for (const d of identifies) expect(d).toMatchObject({ token: TOKEN, intents: 1 });
    // Each shard logs 'ready' on its own stdout, which need not reach us before the manager's 'all shards ready'.
    await waitForLog((l) => l.msg === 'ready' && l.shard === 0, 10_000);
    await waitForLog((l) => l.msg === 'ready' && l.shard === 1, 10_000);
    const ready = logs.filter((l) => l.msg === 'ready');
    expect(ready.map((l) => l.shard).sort()).toEqual([0, 1]);
    expect(output()).not.toContain(TOKEN);
  });

  it('GIVEN no cache THEN the manager builds it once before any shard starts, and each shard warm-starts from it', () => {
    const built = logs.filter((l) => l.msg === 'index');
    expect(built).toHaveLength(1);
    expect(built[0]).toMatchObject({ shard: 'manager', message: expect.stringMatching(/building the index/) });
    const indexReady = logs.findIndex((l) => l.msg === 'index ready' && l.shard === 'manager');
    const firstShard = logs.findIndex((l) => l.msg === 'shard started');
    expect(indexReady).toBeGreaterThanOrEqual(0);
    expect(indexReady).toBeLessThan(firstShard);
    // Every line names its writer: a shard number or the manager.
    for (const line of logs) expect(line.shard === 'manager' || line.shard === 0 || line.shard === 1, JSON.stringify(line)).toBe(true);
  });

  it('GIVEN /ask in a server on shard 0 and one on shard 1 THEN each is answered, by the shard that owns it', async () => {
    for (const [shard, guild] of GUILDS.entries()) {
      const ask = commandIn(guild, nextId(), 'ask', 'Who met whom?');
      const callback = await discord.interact(ask);
      expect(callback.body).toMatchObject({ type: 4, data: { allowed_mentions: { parse: [] } } });
      expect(callback.body.data.embeds[0].description).toMatch(/^\*\*Q:\*\* Who met whom\?\n/);
      const line = await waitForLog((l) => l.msg === 'interaction' && l.interaction === ask.id, 10_000);
      expect(line).toMatchObject({ shard, guild, outcome: 'ok' });
    }
  });

  it('GIVEN one user asking in servers on both shards THEN one cooldown counts every turn (held by the manager)', async () => {
    const user = nextId();
    const outcomes: string[] = [];
    for (const guild of [GUILDS[0], GUILDS[1], GUILDS[0], GUILDS[1]]) {
      const help = commandIn(guild, user, 'help');
      await discord.interact(help);
      outcomes.push((await waitForLog((l) => l.msg === 'interaction' && l.interaction === help.id, 10_000)).outcome);
    }
    expect(outcomes).toEqual(['ok', 'ok', 'ok', 'cooldown']);
  });

  it('GIVEN a shard process killed THEN the manager logs its death, respawns it, and its servers are answered again', async () => {
    const started = logs.find((l) => l.msg === 'shard started' && l.started === 1)!;
    expect(started.pid).toBeGreaterThan(0);
    process.kill(started.pid, 'SIGKILL');
    expect(await waitForLog((l) => l.msg === 'shard died' && l.died === 1, 15_000)).toMatchObject({ shard: 'manager', signal: 'SIGKILL' });
    expect(await waitForLog((l) => l.msg === 'shard respawned' && l.respawned === 1, 15_000)).toMatchObject({ shard: 'manager' });
    await waitForLog((l) => l.msg === 'shard ready' && l.ready === 1 && logs.indexOf(l) > logs.findIndex((d) => d.msg === 'shard died'), 60_000);
    expect(discord.identifies().filter((f) => f.d.shard[0] === 1)).toHaveLength(2);
    expect(discord.identifies().filter((f) => f.d.shard[0] === 0)).toHaveLength(1);
    const ask = commandIn(GUILDS[1], nextId(), 'ask', 'Where did the meeting take place?');
    expect((await discord.interact(ask)).body.type).toBe(4);
    // The respawned shard warm-started too: still only the manager's one build.
    expect(logs.filter((l) => l.msg === 'index')).toHaveLength(1);
  }, 90_000);

  it('GIVEN SIGTERM to the manager THEN every shard logs out cleanly and the manager exits 0', async () => {
    manager.kill('SIGTERM');
    const [code] = await exit;
    expect(code).toBe(0);
    const stopped = logs.filter((l) => l.msg === 'shard stopped');
    expect(stopped.map((l) => [l.stopped, l.code]).sort()).toEqual([
      [0, 0],
      [1, 0],
    ]);
    expect(logs.filter((l) => l.msg === 'stopped').map((l) => l.shard).sort()).toEqual([0, 1, 'manager']);
    expect(logs.filter((l) => l.level === 'error').map((l) => l.msg)).toEqual(['shard died']);
    expect(output()).not.toContain(TOKEN);
  }, 30_000);
});

describe('npm start -- --shards 2 with a token Discord refuses', () => {
  it('GIVEN the first shard cannot log in THEN the manager stops, exits 1 saying so, and never prints the token', async () => {
    const refusing = await FakeDiscord.start({ shards: 2 });
    refusing.rejectToken = true;
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('src', 'main.ts'), '--shards', '2'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DISCORD_TOKEN: TOKEN, DISCORD_API_BASE: refusing.apiBase, DATA_DIR, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    try {
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(1);
      expect(err).toMatch(/^Could not start the Discord bot: /);
      const lines = out.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.find((l) => l.msg === 'shard could not start')).toMatchObject({ shard: 0, error: { message: expect.stringMatching(/invalid token/i) } });
      expect(lines.filter((l) => l.msg === 'shard started').map((l) => l.started)).toEqual([0]);
      expect(lines.filter((l) => l.msg === 'shard respawned')).toEqual([]);
      expect(out + err).not.toContain(TOKEN);
      expect(refusing.identifies()).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await refusing.close();
    }
  }, 60_000);
});
