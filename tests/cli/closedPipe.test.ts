import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './run.js';

/**
 * `npm run X | head -1`: the reader goes away before we are done writing. Each command line must then end
 * quietly (no unhandled EPIPE, no stack trace), with the work it had done kept.
 */
function runWithClosedStdout(script: string, args: string[], input = ''): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], {
      cwd: ROOT,
      env: { ...process.env, DISCORD_TOKEN: '', DATA_DIR: '' },
    });
    child.stdout.destroy(); // Our end of the pipe is gone before the child writes its first byte.
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
    child.stdin.end(input);
  });
}

const STACK = /EPIPE|Unhandled|^\s+at /m;
const scratch: string[] = [];
afterAll(() => Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true }))));

// One child process at a time: five started together outlasted the 20 s limit on a loaded 2-core machine.
describe('command lines whose standard output is closed', () => {
  it('GIVEN npm run ingest with a file THEN it writes the article and exits 0 without a stack trace', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'closed-pipe-'));
    scratch.push(dataDir);
    const { code, stderr } = await runWithClosedStdout('src/cli/ingest.ts', ['tests/fixtures/ingest/harbour-bridge.html', '--data', dataDir]);
    expect(stderr).not.toMatch(STACK);
    expect(code).toBe(0);
    const [file] = await readdir(path.join(dataDir, 'articles'));
    expect(await readFile(path.join(dataDir, 'articles', file!), 'utf8')).toContain('title:');
  });

  it('GIVEN npm run ask with questions on standard input THEN it exits 0 without a stack trace', async () => {
    const { code, stderr } = await runWithClosedStdout('src/cli/ask.ts', [], 'Who met whom?\nWhat ratio was cited?\n');
    expect(stderr).not.toMatch(STACK);
    expect(code).toBe(0);
  });

  it('GIVEN npm start chatting in the terminal THEN it exits 0 without a stack trace', async () => {
    const { code, stderr } = await runWithClosedStdout('src/main.ts', [], 'Who met whom?\n/sources\n');
    expect(stderr).not.toMatch(STACK);
    expect(code).toBe(0);
  });

  it('GIVEN npm run deploy-commands -- --dry-run THEN it exits 0 without a stack trace', async () => {
    const { code, stderr } = await runWithClosedStdout('src/cli/deployCommands.ts', ['--dry-run']);
    expect(stderr).not.toMatch(STACK);
    expect(code).toBe(0);
  });

  it('GIVEN npm run measure:terms THEN it stops at its first line, exits 0, without a stack trace', async () => {
    const { code, stderr } = await runWithClosedStdout('src/cli/measureTerms.ts', []);
    expect(stderr).not.toMatch(STACK);
    expect(code).toBe(0);
  });

  it('GIVEN every entry point in src/cli THEN each one installs the one closed-pipe handler (src/cli/io.ts)', async () => {
    const entries = (await readdir(path.join(ROOT, 'src/cli'))).filter((f) => f.endsWith('.ts') && f !== 'io.ts');
    expect(entries.length).toBeGreaterThanOrEqual(8);
    const missing: string[] = [];
    for (const entry of entries) {
      const source = await readFile(path.join(ROOT, 'src/cli', entry), 'utf8');
      if (!/exitQuietlyOnBrokenPipe\(\)/.test(source) || !source.includes("from './io.js'")) missing.push(entry);
    }
    expect(missing).toEqual([]);
  });
});
