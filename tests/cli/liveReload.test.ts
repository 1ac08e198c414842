import { spawn } from 'node:child_process';
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './run.js';

describe('terminal chat with live reload', () => {
  it('GIVEN an article file added while the chat runs THEN /sources lists it and questions find it, without a restart', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'chat-reload-'));
    await cp(path.join(ROOT, 'data', 'articles'), path.join(dir, 'articles'), { recursive: true });
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts')], {
      cwd: ROOT,
      env: { ...process.env, DISCORD_TOKEN: '', DATA_DIR: dir },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const waitFor = async (text: () => boolean, what: string) => {
      for (let i = 0; i < 200 && !text(); i++) await new Promise((r) => setTimeout(r, 50));
      if (!text()) throw new Error(`timed out waiting for ${what}; stdout: ${stdout}\nstderr: ${stderr}`);
    };
    try {
      await waitFor(() => stdout.includes('1 article indexed.'), 'the chat to start');
      await writeFile(path.join(dir, 'articles', 'harbour-fire.md'), '---\ntitle: Harbour fire\n---\n\nA fire broke out at the harbour on Tuesday. Firefighters arrived within minutes.\n');
      await waitFor(() => stderr.includes('+harbour-fire'), 'the reload');
      child.stdin.write('/sources\nWhen did the fire break out?\n');
      child.stdin.end();
      await new Promise((resolve) => child.on('close', resolve));
      expect(stdout).toContain('2 articles indexed:');
      expect(stdout).toContain('Harbour fire [harbour-fire]');
      expect(stdout).toContain('Answer: Tuesday');
    } finally {
      child.kill();
    }
  });
});
