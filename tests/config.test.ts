import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, requireDiscord } from '../src/config.js';
import { createLogger } from '../src/logger.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.abcdefghijklmnopqrstuvwxyz0123';

describe('loadConfig', () => {
  it('GIVEN nothing THEN defaults: no Discord, ./data, info, 5 per 10 s, discord.com', () => {
    expect(loadConfig({})).toEqual({
      discord: { token: undefined, clientId: undefined, guildId: undefined, apiBase: 'https://discord.com/api' },
      http: { host: '0.0.0.0', port: 8080, publicKey: undefined },
      dataDir: './data',
      logLevel: 'info',
      answerer: 'rules',
      cooldown: { maxRequests: 5, windowMs: 10_000 },
      articleAllowAddresses: [],
      serverLimits: { maxArticles: 200, maxBytes: 20 * 1024 * 1024, addsPerHour: 30 },
    });
  });

  it('GIVEN ANSWERER THEN rules or model; GIVEN another value THEN one message naming it', () => {
    expect(loadConfig({ ANSWERER: 'model' }).answerer).toBe('model');
    expect(() => loadConfig({ ANSWERER: 'neural' })).toThrow(/ANSWERER must be rules or model/);
  });

  it('GIVEN per-server limits THEN parsed; GIVEN a bad one THEN one message naming it', () => {
    expect(loadConfig({ SERVER_MAX_ARTICLES: '3', SERVER_MAX_ARTICLE_MB: '0.5', SERVER_MAX_ADDS_PER_HOUR: '2' }).serverLimits).toEqual({ maxArticles: 3, maxBytes: 524_288, addsPerHour: 2 });
    expect(() => loadConfig({ SERVER_MAX_ARTICLES: '0' })).toThrow(/^Configuration error: SERVER_MAX_ARTICLES must be at least 1 \(got "0"\)/);
    expect(() => loadConfig({ SERVER_MAX_ARTICLE_MB: 'lots' })).toThrow(/^Configuration error: SERVER_MAX_ARTICLE_MB must be a number of megabytes/);
    expect(() => loadConfig({ SERVER_MAX_ADDS_PER_HOUR: '1.5' })).toThrow(/^Configuration error: SERVER_MAX_ADDS_PER_HOUR must be a whole number/);
  });

  it('GIVEN every variable THEN parses them; empty values count as unset', () => {
    const config = loadConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_CLIENT_ID: '123456789012345678',
      DISCORD_GUILD_ID: '',
      DISCORD_API_BASE: 'http://127.0.0.1:9999/api/',
      DATA_DIR: '/srv/articles',
      LOG_LEVEL: 'debug',
      COOLDOWN_MAX_REQUESTS: '0',
      COOLDOWN_WINDOW_SECONDS: '2.5',
      ARTICLE_ALLOW_ADDRESSES: '10.0.0.7, ::1',
    });
    expect(config.articleAllowAddresses).toEqual(['10.0.0.7', '::1']);
    expect(config.discord).toEqual({ token: TOKEN, clientId: '123456789012345678', guildId: undefined, apiBase: 'http://127.0.0.1:9999/api' });
    expect(config.cooldown).toEqual({ maxRequests: 0, windowMs: 2500 });
    expect(config.logLevel).toBe('debug');
  });

  it.each([
    [{ DISCORD_CLIENT_ID: 'abc' }, /DISCORD_CLIENT_ID must be a Discord id.*"abc"/],
    [{ DISCORD_GUILD_ID: '12' }, /DISCORD_GUILD_ID must be a Discord id/],
    [{ DISCORD_API_BASE: 'ftp://x' }, /DISCORD_API_BASE must be an http\(s\) URL/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of debug, info, warn, error/],
    [{ COOLDOWN_MAX_REQUESTS: 'lots' }, /COOLDOWN_MAX_REQUESTS must be a whole number/],
    [{ COOLDOWN_WINDOW_SECONDS: '-1' }, /COOLDOWN_WINDOW_SECONDS must be more than 0/],
    [{ ARTICLE_ALLOW_ADDRESSES: 'mirror.local' }, /ARTICLE_ALLOW_ADDRESSES must be a comma-separated list of IP addresses/],
  ])('GIVEN %j THEN one clear message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('GIVEN a malformed token THEN names DISCORD_TOKEN without repeating its value', () => {
    const bad = 'not a token but secret';
    expect(() => loadConfig({ DISCORD_TOKEN: bad })).toThrow(/^Configuration error: DISCORD_TOKEN does not look like a bot token/);
    try {
      loadConfig({ DISCORD_TOKEN: bad });
    } catch (error) {
      expect(String(error)).not.toContain(bad);
    }
  });

  it('GIVEN FEEDBACK_SALT THEN it is kept; too short THEN named without repeating it', () => {
    expect(loadConfig({ FEEDBACK_SALT: 'sixteen chars ok' }).feedbackSalt).toBe('sixteen chars ok');
    expect(loadConfig({}).feedbackSalt).toBeUndefined();
    expect(() => loadConfig({ FEEDBACK_SALT: 'short-secret' })).toThrow(/^Configuration error: FEEDBACK_SALT must be at least 16 characters/);
    expect(() => loadConfig({ FEEDBACK_SALT: 'short-secret' })).not.toThrow(/short-secret/);
  });

  it('GIVEN a command that needs Discord THEN requireDiscord names the first missing variable', () => {
    expect(() => requireDiscord(loadConfig({ DISCORD_TOKEN: TOKEN }), ['DISCORD_TOKEN', 'DISCORD_CLIENT_ID'])).toThrow(/DISCORD_CLIENT_ID is not set/);
  });
});

describe('createLogger', () => {
  it('GIVEN a secret THEN it never reaches a line, even inside an error; levels below the minimum are dropped', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', secrets: [TOKEN], write: (l) => lines.push(l) });
    logger.debug('hidden');
    logger.error('failed', { error: new Error(`bad auth ${TOKEN}`), command: 'ask' });
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, any>;
    expect(line).toMatchObject({ level: 'error', msg: 'failed', command: 'ask', error: { name: 'Error', message: 'bad auth [redacted]' } });
    expect(lines[0]).not.toContain(TOKEN);
  });
});
