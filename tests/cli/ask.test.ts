import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript } from './run.js';

describe('npm run ask', () => {
  it('GIVEN --json and a question THEN prints one JSON object with the documented fields', async () => {
    const { code, stdout } = await runScript('src/cli/ask.ts', ['--json', 'Who met whom?']);
    expect(code).toBe(0);
    const answer = JSON.parse(stdout);
    expect(Object.keys(answer)).toEqual(['question', 'answer', 'answerType', 'confidence', 'citations']);
    expect(answer).toMatchObject({ question: 'Who met whom?', answer: 'Agus Gumiwang Kartasasmita met Ken Saito', answerType: 'relation' });
    expect(answer.citations[0]).toMatchObject({
      id: 'indonesia-japan-automotive#p1',
      articleId: 'indonesia-japan-automotive',
      articleTitle: expect.any(String),
      paragraph: 1,
      text: expect.stringContaining('Ken Saito'),
    });
  });

  it('GIVEN a question without --json THEN prints the answer and the quoted passage with the answer marked', async () => {
    const { code, stdout } = await runScript('src/cli/ask.ts', ['What ratio was cited?']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Answer: 99 cars per 1,000 people/);
    expect(stdout).toContain('paragraph 3');
    expect(stdout).toContain('**99 cars per 1,000 people**');
  });

  it('GIVEN --json and questions on standard input THEN prints one JSON line per question', async () => {
    const { code, stdout } = await runScript('src/cli/ask.ts', ['--json'], 'Who met whom?\n\nWhat ratio was cited?\nWho won the 2022 World Cup?\n');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.answer)).toEqual(['Agus Gumiwang Kartasasmita met Ken Saito', '99 cars per 1,000 people', null]);
  });

  it('GIVEN --data with a broken article beside a good one THEN warns about the broken file and answers from the good one', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ask-data-'));
    await mkdir(path.join(dir, 'articles'));
    await writeFile(path.join(dir, 'articles', 'fire.md'), '---\ntitle: Fire downtown\n---\n\nA fire broke out on Main Street on Monday. Firefighters arrived at 9 p.m.\n');
    await writeFile(path.join(dir, 'articles', 'broken.md'), '---\ntitle: [unterminated\nurl: not a url\n---\n\nBody.\n');
    const { code, stdout, stderr } = await runScript('src/cli/ask.ts', ['--json', '--data', dir, 'When did the fire break out?']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/broken\.md: field "url"/);
    expect(JSON.parse(stdout)).toMatchObject({ answer: 'Monday', citations: [{ articleId: 'fire', paragraph: 1 }] });
  });

  it('GIVEN a data folder without articles THEN says so and exits non-zero', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ask-empty-'));
    const { code, stderr } = await runScript('src/cli/ask.ts', ['--data', dir, 'anything?']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/No articles found/);
  });
});

describe('npm start without DISCORD_TOKEN', () => {
  it('GIVEN piped lines THEN answers each, handles commands, tells how to connect to Discord, and exits at end of input', async () => {
    const input = ['who met whom?', '/search electric vehicle', '/sources', '/passage indonesia-japan-automotive#p3', '/help', '/nope', 'x'.repeat(301)].join('\n');
    const { code, stdout } = await runScript('src/main.ts', [], input);
    expect(code).toBe(0);
    expect(stdout).toContain('DISCORD_TOKEN');
    expect(stdout).toContain('Answer: Agus Gumiwang Kartasasmita met Ken Saito');
    expect(stdout).toContain('[indonesia-japan-automotive#p2]');
    expect(stdout).toContain('1 article indexed:');
    expect(stdout).toContain('99 cars per 1,000 people');
    expect(stdout).toContain('/ask <question>');
    expect(stdout).toContain('Unknown command /nope');
    expect(stdout).toContain('please keep it under 300');
  });
});
