import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs, runIngestCli } from '../../src/cli/ingest.js';
import { startLoopbackServer, type LoopbackServer } from './loopbackServer.js';

/** Runs the CLI in-process (a child process costs seconds of start-up per test) and captures its output. */
async function cli(...argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runIngestCli(argv, { log: (l) => stdout.push(l), error: (l) => stderr.push(l) }, {});
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

let server: LoopbackServer;
let dataDir: string;
beforeAll(async () => {
  server = await startLoopbackServer();
  dataDir = await mkdtemp(path.join(tmpdir(), 'ingest-cli-'));
});
afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm run ingest', () => {
  it('GIVEN a loopback URL THEN the trusting CLI fetches it and prints title, paragraphs and words', async () => {
    const { code, stdout } = await cli(`${server.origin}/news/orchard`, '--data', dataDir);
    expect(code).toBe(0);
    expect(stdout).toContain(`wrote ${path.join(dataDir, 'articles', 'frost-cuts-apple-harvest-by-a-third-in-valley-orchards.md')}\n`);
    expect(stdout).toMatch(/title: +Frost cuts apple harvest by a third in valley orchards/);
    expect(stdout).toMatch(/paragraphs: 4\n/);
    expect(stdout).toMatch(/words: +\d+$/);
  });

  it('GIVEN a non-HTML response THEN it exits 1, says why, and writes nothing more', async () => {
    const before = await readdir(path.join(dataDir, 'articles'));
    const { code, stderr } = await cli(`${server.origin}/pdf`, `--data=${dataDir}`);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^ingest failed \(not-html\): .*application\/pdf/);
    expect(stderr).toContain('nothing was written');
    expect(await readdir(path.join(dataDir, 'articles'))).toEqual(before);
  });

  it('GIVEN no source THEN it prints the usage and exits 2', async () => {
    const { code, stderr } = await cli('--data', dataDir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^usage: npm run ingest -- /);
  });

  it('GIVEN flags THEN --data and --timeout are read in both spellings, and DATA_DIR is the fallback', () => {
    expect(parseArgs(['page.html'], {})).toEqual({ source: 'page.html', dataDir: 'data' });
    expect(parseArgs(['page.html'], { DATA_DIR: '/srv/news' })).toEqual({ source: 'page.html', dataDir: '/srv/news' });
    expect(parseArgs(['--data=/x', 'page.html', '--timeout', '2'], {})).toEqual({ source: 'page.html', dataDir: '/x', timeoutMs: 2000 });
    expect(parseArgs(['a.html', 'b.html'], {})).toMatch(/one source at a time/);
    expect(parseArgs(['--bogus', 'a.html'], {})).toBe('unknown option --bogus');
  });
});
