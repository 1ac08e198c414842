/**
 * Structured logs: one JSON object per line, `{"time","level","msg",...fields}`. Secrets given at
 * creation (the bot token) are replaced by `[redacted]` wherever they would appear, even inside an
 * error message or stack.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Strings that must never be written (e.g. the token). */
  secrets?: Array<string | undefined>;
  /** Where lines go; stdout by default. */
  write?: (line: string) => void;
  /** Fields every line carries, after `msg`: who wrote it when several processes share one output (`{ shard: 0 }`, `{ worker: 2 }`). */
  fields?: Record<string, unknown>;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const min = RANK[options.level ?? 'info'];
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 4);
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const base = options.fields ?? {};
  const log = (level: LogLevel) => (msg: string, fields: Record<string, unknown> = {}) => {
    if (RANK[level] < min) return;
    let line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...base, ...fields }, errorReplacer);
    for (const secret of secrets) line = line.split(secret).join('[redacted]');
    write(line);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** Errors have no enumerable fields; spell out what helps debugging. */
function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const extra = value as Error & { code?: unknown; status?: unknown };
    return { name: value.name, message: value.message, code: extra.code, status: extra.status, stack: value.stack };
  }
  return value;
}

/** A logger that drops everything (tests, dry runs). */
export const silentLogger: Logger = createLogger({ write: () => {} });
