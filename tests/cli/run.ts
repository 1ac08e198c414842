import { spawn } from 'node:child_process';
import path from 'node:path';

import { ROOT } from '../helpers.js';

export { ROOT };

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of our TypeScript entry points in a real child process, as `npm run` would. */
export function runScript(script: string, args: string[], input = '', env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], {
      cwd: ROOT,
      env: { ...process.env, DISCORD_TOKEN: '', DATA_DIR: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
