import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startGateway } from '../../src/transports/gateway.js';
import { bundledIndex } from '../helpers.js';
import { FakeDiscord } from './fakeDiscord.js';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.WRONG.loopback-only-token-0123456789';
let discord: FakeDiscord;
beforeAll(async () => {
  discord = await FakeDiscord.start();
  discord.rejectToken = true;
});
afterAll(async () => {
  await discord.close();
});

describe('startGateway start-up failures', () => {
  it('GIVEN no DISCORD_TOKEN THEN a ConfigError naming it, before any connection', async () => {
    await expect(startGateway(loadConfig({ DISCORD_API_BASE: discord.apiBase }), { handleProcessEvents: false })).rejects.toThrow(
      new ConfigError('Configuration error: DISCORD_TOKEN is not set. See .env.example.'),
    );
    expect(discord.requests).toEqual([]);
  });

  it('GIVEN a token Discord refuses THEN rejects with an invalid-token error that does not contain the token', async () => {
    const lines: string[] = [];
    const start = startGateway(loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_API_BASE: discord.apiBase }), {
      handleProcessEvents: false,
      feedback: null,
      index: await bundledIndex(),
      logger: createLogger({ secrets: [TOKEN], write: (l) => lines.push(l) }),
    });
    const error = await start.then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/invalid token/i);
    expect(error?.message).not.toContain(TOKEN);
    expect(discord.requests.map((r) => r.path)).toEqual(['/api/v10/gateway/bot']);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });
});
