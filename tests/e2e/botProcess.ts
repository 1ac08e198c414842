/**
 * The real bot as a child process (`tsx src/main.ts`, as `npm start` runs it) against the loopback Discord,
 * with its JSON log lines parsed as they come. For tests that stop and start the bot on the same data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { ROOT } from '../helpers.js';
import { collectJsonLogs } from './jsonLogs.js';

export const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.FAKE.loopback-only-token-0123456789';

export interface BotProcess {
  child: ChildProcess;
  logs: Array<Record<string, any>>;
  output: () => string;
  waitForLog(match: (line: Record<string, any>) => boolean, timeoutMs?: number): Promise<Record<string, any>>;
  /** SIGTERM, and the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: no shutdown code runs, so only what was committed survives. */
  kill(): Promise<NodeJS.Signals | null>;
}

export async function startBot(env: { apiBase: string; dataDir: string } & Record<string, string>): Promise<BotProcess> {
  const { apiBase, dataDir, ...extra } = env;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('src', 'main.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_BASE: apiBase,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      COOLDOWN_MAX_REQUESTS: '100',
      COOLDOWN_WINDOW_SECONDS: '60',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exit = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const { logs, output } = collectJsonLogs(child);
  const waitForLog = (match: (line: Record<string, any>) => boolean, timeoutMs = 20_000) =>
    new Promise<Record<string, any>>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        const line = logs.find(match);
        if (line || Date.now() - started > timeoutMs || child.exitCode !== null) {
          clearInterval(poll);
          if (line) resolve(line);
          else reject(new Error(`bot did not log the expected line; output so far:\n${output()}`));
        }
      }, 20);
    });
  const bot: BotProcess = {
    child,
    logs,
    output,
    waitForLog,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const [code] = await exit;
      return code;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      const [, signal] = await exit;
      return signal;
    },
  };
  await waitForLog((l) => l.msg === 'ready');
  return bot;
}
