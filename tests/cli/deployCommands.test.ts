import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployCommands, main } from '../../src/cli/deployCommands.js';
import { commandDefinitions } from '../../src/commands/index.js';
import { loadConfig } from '../../src/config.js';
import { FakeDiscord } from '../e2e/fakeDiscord.js';
import { ROOT } from '../helpers.js';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.FAKE.loopback-only-token-0123456789';
const CLIENT = '100000000000000001';
let discord: FakeDiscord;
beforeAll(async () => {
  discord = await FakeDiscord.start();
});
afterAll(async () => {
  await discord.close();
});

describe('deploy-commands', () => {
  it('GIVEN DISCORD_GUILD_ID THEN PUTs every definition to that guild, authenticated as the bot', async () => {
    const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: CLIENT, DISCORD_GUILD_ID: '400000000000000001', DISCORD_API_BASE: discord.apiBase });
    const result = await deployCommands(config);
    expect(result).toMatchObject({ scope: 'guild', route: `/applications/${CLIENT}/guilds/400000000000000001/commands`, registered: commandDefinitions().length });
    const put = discord.requests.at(-1)!;
    expect(put).toMatchObject({ method: 'PUT', path: `/api/v10/applications/${CLIENT}/guilds/400000000000000001/commands`, authorization: `Bot ${TOKEN}` });
    expect(put.body).toEqual(commandDefinitions());
  });

  it('GIVEN no guild THEN PUTs globally', async () => {
    const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: CLIENT, DISCORD_API_BASE: discord.apiBase });
    expect(await deployCommands(config)).toMatchObject({ scope: 'global', registered: commandDefinitions().length });
    expect(discord.requests.at(-1)!.path).toBe(`/api/v10/applications/${CLIENT}/commands`);
  });

  it('GIVEN --dry-run THEN prints the JSON without a token or any request', async () => {
    const before = discord.requests.length;
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join('src', 'cli', 'deployCommands.ts'), '--dry-run'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, DISCORD_API_BASE: discord.apiBase },
    });
    expect(JSON.parse(stdout)).toEqual(commandDefinitions());
    expect(stderr).toContain(`would PUT ${commandDefinitions().length} commands to /applications/{DISCORD_CLIENT_ID}/commands (global)`);
    expect(discord.requests.length).toBe(before);
  });

  it('GIVEN no token and no --dry-run THEN one clear message and exit status 2', async () => {
    const err: string[] = [];
    const status = await main([], { DISCORD_CLIENT_ID: CLIENT }, { out: () => {}, err: (t) => err.push(t) });
    expect(status).toBe(2);
    expect(err).toEqual(['Configuration error: DISCORD_TOKEN is not set. See .env.example.\n']);
  });

  it('GIVEN Discord refuses THEN a message naming the failure and exit status 1', async () => {
    const err: string[] = [];
    // The loopback API answers 404 for an application route it does not know.
    const env = { DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: CLIENT, DISCORD_API_BASE: `${discord.apiBase}/missing` };
    expect(await main([], env, { out: () => {}, err: (t) => err.push(t) })).toBe(1);
    expect(err[0]).toMatch(/^Deploying commands failed: /);
  });
});
