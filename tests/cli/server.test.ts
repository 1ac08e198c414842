/**
 * `--server ID` for the terminal chat (`npm start -- --server ID`) and `npm run ask`: act as that Discord
 * server (the library plus its own articles), so scopes can be tried without Discord. Without it, the
 * library only.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR } from '../helpers.js';
import { runScript } from './run.js';

const A = '800000000000000001';
const B = '800000000000000002';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'qa-cli-server-'));
  await cp(path.join(DATA_DIR, 'articles'), path.join(dir, 'articles'), { recursive: true });
  for (const [server, day] of [[A, 'Monday'], [B, 'Friday']] as const) {
    await mkdir(path.join(dir, 'servers', server, 'articles'), { recursive: true });
    await writeFile(path.join(dir, 'servers', server, 'articles', 'fire.md'), `---\ntitle: Fire downtown\n---\n\nA fire broke out on Main Street on ${day}. Firefighters arrived at 9 p.m.\n`);
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run ask --server', () => {
  it("GIVEN --server THEN answers from that server's own article; another server's answer never shows", async () => {
    const fromA = await runScript('src/cli/ask.ts', ['--json', '--data', dir, '--server', A, 'When did the fire break out?']);
    expect(fromA.code).toBe(0);
    expect(JSON.parse(fromA.stdout)).toMatchObject({ answer: 'Monday', citations: [{ id: `${A}/fire#p1`, articleId: `${A}/fire` }] });
    const fromB = await runScript('src/cli/ask.ts', ['--json', '--data', dir, '--server', B, 'When did the fire break out?']);
    expect(JSON.parse(fromB.stdout)).toMatchObject({ answer: 'Friday', citations: [{ id: `${B}/fire#p1` }] });
    expect(fromB.stdout).not.toContain(A);
  });

  it('GIVEN no --server THEN the library only; GIVEN a malformed id THEN exit 2 naming the option', async () => {
    const library = await runScript('src/cli/ask.ts', ['--json', '--data', dir, 'When did the fire break out?']);
    expect(library.code).toBe(0);
    expect(JSON.parse(library.stdout).citations.filter((c: { id: string }) => c.id.includes('/'))).toEqual([]);
    const bad = await runScript('src/cli/ask.ts', ['--data', dir, '--server', 'abc/def', 'When?']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^--server must be a Discord server id \(digits\), got "abc\/def"/);
  });
});

describe('npm start -- --server (terminal chat)', () => {
  it("GIVEN --server THEN the chat acts as that server: /sources, questions and /passage see its articles, not another's", async () => {
    const input = ['/sources', 'When did the fire break out?', `/passage ${B}/fire#p1`, `/passage ${A}/fire#p1`].join('\n');
    const { code, stdout } = await runScript('src/main.ts', ['--server', A], input, { DATA_DIR: dir });
    expect(code).toBe(0);
    expect(stdout).toContain(`Acting as server ${A}: the library and that server's own articles.`);
    expect(stdout).toContain(`2 articles indexed:`);
    expect(stdout).toContain(`[${A}/fire]`);
    expect(stdout).toContain('Answer: Monday');
    expect(stdout).toContain(`No passage with id "${B}/fire#p1".`);
    expect(stdout).not.toContain('Friday');
  });

  it('GIVEN no --server THEN the chat sees the library only', async () => {
    const { code, stdout } = await runScript('src/main.ts', [], ['/sources', 'When did the fire break out?', `/passage ${A}/fire#p1`].join('\n'), { DATA_DIR: dir });
    expect(code).toBe(0);
    expect(stdout).toContain('1 article indexed:');
    expect(stdout).not.toMatch(/Monday|Friday/);
    expect(stdout).toContain(`No passage with id "${A}/fire#p1".`);
  });
});
