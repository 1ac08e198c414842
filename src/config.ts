/**
 * Configuration from the environment (and `.env`, via dotenv), read once at start-up and passed down.
 * A missing or malformed variable is one clear message naming it; secrets are never echoed.
 */
import { isIP } from 'node:net';
import dotenv from 'dotenv';
import { z } from 'zod';
import type { LogLevel } from './logger.js';

export interface Config {
  discord: {
    /** Absent: no Discord; `npm start` runs the terminal chat instead. */
    token?: string | undefined;
    clientId?: string | undefined;
    /** Set: deploy commands to this guild (instant, for development); unset: globally. */
    guildId?: string | undefined;
    /** REST base URL without the version, e.g. `https://discord.com/api`; the gateway URL comes from its `/gateway/bot`. */
    apiBase: string;
  };
  /** The HTTP interactions endpoint (`npm start -- --http`). */
  http: {
    host: string;
    port: number;
    /** The application's Ed25519 public key, 64 hex characters; required in HTTP mode (`requireHttp`). */
    publicKey?: string | undefined;
  };
  dataDir: string;
  logLevel: LogLevel;
  /** Who chooses the short answer: the hand-set rules (default) or the trained answer model. */
  answerer: 'rules' | 'model';
  cooldown: { maxRequests: number; windowMs: number };
  /**
   * Exact IP addresses `/article add` may fetch from even though they are private or loopback (an
   * internal mirror the operator trusts). Empty by default: user-supplied URLs reach public addresses only.
   */
  articleAllowAddresses: string[];
  /** What one server may add with `/article add` (its own articles, under `DATA_DIR/servers/<id>/articles`). */
  serverLimits: ServerLimits;
  /**
   * The secret the voters' user ids are hashed with in the feedback database. Unset: one is generated
   * on first start and kept in the database itself.
   */
  feedbackSalt?: string | undefined;
}

export interface ServerLimits {
  /** Most articles a server may hold. */
  maxArticles: number;
  /** Most bytes of article files a server may hold. */
  maxBytes: number;
  /** Most `/article add` a server may run in any hour. */
  addsPerHour: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = { maxArticles: 200, maxBytes: 20 * 1024 * 1024, addsPerHour: 30 };

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)');

const schema = z.object({
  DISCORD_TOKEN: z
    .string()
    .regex(/^[\w.-]{20,}$/, 'does not look like a bot token (copy it from the Bot page of the Developer Portal)')
    .optional(),
  DISCORD_CLIENT_ID: snowflake.optional(),
  DISCORD_GUILD_ID: snowflake.optional(),
  DISCORD_API_BASE: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://discord.com/api' })
    .transform((url) => url.replace(/\/+$/, ''))
    .default('https://discord.com/api'),
  DISCORD_PUBLIC_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (Developer Portal → General Information → Public Key)')
    .optional(),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be 0 to 65535')
    .max(65535, 'must be 0 to 65535')
    .default(8080),
  DATA_DIR: z.string().default('./data'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error'], { error: 'must be one of debug, info, warn, error' }).default('info'),
  ANSWERER: z.enum(['rules', 'model'], { error: 'must be rules or model' }).default('rules'),
  COOLDOWN_MAX_REQUESTS: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(0, 'must be 0 (off) or more')
    .default(5),
  COOLDOWN_WINDOW_SECONDS: z.coerce
    .number({ error: 'must be a number of seconds' })
    .positive('must be more than 0')
    .max(3600, 'must be at most 3600')
    .default(10),
  SERVER_MAX_ARTICLES: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .default(DEFAULT_SERVER_LIMITS.maxArticles),
  SERVER_MAX_ARTICLE_MB: z.coerce
    .number({ error: 'must be a number of megabytes' })
    .positive('must be more than 0')
    .max(10_000, 'must be at most 10000')
    .default(DEFAULT_SERVER_LIMITS.maxBytes / (1024 * 1024)),
  SERVER_MAX_ADDS_PER_HOUR: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .default(DEFAULT_SERVER_LIMITS.addsPerHour),
  ARTICLE_ALLOW_ADDRESSES: z
    .string()
    .transform((list) => list.split(',').map((a) => a.trim()).filter(Boolean))
    .refine((list) => list.every((a) => isIP(a) !== 0), 'must be a comma-separated list of IP addresses')
    .default([]),
  FEEDBACK_SALT: z.string().min(16, 'must be at least 16 characters (e.g. `openssl rand -hex 32`)').optional(),
});

/** A variable that stops start-up, and why. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses the configuration from `env` (default: `process.env` after loading `.env`). Empty values count
 * as unset, so `.env.example` can be copied as is.
 */
export function loadConfig(env: NodeJS.ProcessEnv = readEnv()): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== '').map(([k, v]) => [k, v!.trim()]));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    // Never repeat a token's value, even a malformed one.
    const shown = name === 'DISCORD_TOKEN' || name === 'FEEDBACK_SALT' ? '' : ` (got "${String(present[name]).slice(0, 60)}")`;
    throw new ConfigError(`Configuration error: ${name} ${issue.message}${shown}. See .env.example.`);
  }
  const e = parsed.data;
  return {
    discord: { token: e.DISCORD_TOKEN, clientId: e.DISCORD_CLIENT_ID, guildId: e.DISCORD_GUILD_ID, apiBase: e.DISCORD_API_BASE },
    http: { host: e.HOST, port: e.PORT, publicKey: e.DISCORD_PUBLIC_KEY?.toLowerCase() },
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    answerer: e.ANSWERER,
    cooldown: { maxRequests: e.COOLDOWN_MAX_REQUESTS, windowMs: Math.round(e.COOLDOWN_WINDOW_SECONDS * 1000) },
    articleAllowAddresses: e.ARTICLE_ALLOW_ADDRESSES,
    serverLimits: {
      maxArticles: e.SERVER_MAX_ARTICLES,
      maxBytes: Math.round(e.SERVER_MAX_ARTICLE_MB * 1024 * 1024),
      addsPerHour: e.SERVER_MAX_ADDS_PER_HOUR,
    },
    feedbackSalt: e.FEEDBACK_SALT,
  };
}

/** Throws a ConfigError naming the first of `names` that is not set (for commands that need Discord). */
export function requireDiscord(config: Config, names: Array<'DISCORD_TOKEN' | 'DISCORD_CLIENT_ID'>): void {
  for (const name of names) {
    const value = name === 'DISCORD_TOKEN' ? config.discord.token : config.discord.clientId;
    if (!value) throw new ConfigError(`Configuration error: ${name} is not set. See .env.example.`);
  }
}

/** Throws a ConfigError unless the HTTP interactions endpoint can start: it needs DISCORD_PUBLIC_KEY. */
export function requireHttp(config: Config): void {
  if (!config.http.publicKey) {
    throw new ConfigError(
      'Configuration error: DISCORD_PUBLIC_KEY is not set; the HTTP interactions endpoint needs it to verify requests (Developer Portal → General Information → Public Key). See .env.example.',
    );
  }
}

function readEnv(): NodeJS.ProcessEnv {
  dotenv.config({ quiet: true });
  return process.env;
}
