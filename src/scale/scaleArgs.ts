/**
 * The command line of `npm start`: `--http`, `--workers auto|N` (HTTP only) and `--shards auto|N`
 * (gateway only). A mistake is one clear usage line, never a silent single-process start.
 */
import { parseArgs } from 'node:util';

export type Count = number | 'auto';

export interface StartArgs {
  http: boolean;
  /** Set: the HTTP endpoint as a node:cluster of this many workers. */
  workers?: Count | undefined;
  /** Set: the gateway bot through discord.js's ShardingManager, with this many shards. */
  shards?: Count | undefined;
  /** `--server ID`: the terminal chat acts as that Discord server (checked by the caller). */
  server?: string | undefined;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = 'usage: npm start [-- --http [--workers auto|N]] | [-- --shards auto|N] | [-- --server ID]';

/** Parses `npm start`'s arguments; throws a UsageError naming what is wrong. */
export function parseStartArgs(args: string[]): StartArgs {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { http: { type: 'boolean', default: false }, workers: { type: 'string' }, shards: { type: 'string' }, server: { type: 'string' } }, strict: true }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const workers = values.workers === undefined ? undefined : count('--workers', values.workers);
  const shards = values.shards === undefined ? undefined : count('--shards', values.shards);
  if (workers !== undefined && !values.http) throw new UsageError(`--workers is for the HTTP endpoint: add --http (gateway mode scales with --shards)\n${USAGE}`);
  if (shards !== undefined && values.http) throw new UsageError(`--shards is for the gateway; the HTTP endpoint scales with --workers\n${USAGE}`);
  return { http: values.http, workers, shards, server: values.server };
}

function count(flag: string, value: string): Count {
  if (value === 'auto') return 'auto';
  if (!/^\d{1,3}$/.test(value) || Number(value) < 1) throw new UsageError(`${flag} must be "auto" or a whole number of at least 1 (got "${value.slice(0, 20)}")\n${USAGE}`);
  return Number(value);
}
