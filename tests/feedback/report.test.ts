/**
 * The feedback report and `npm run feedback` as a real process, on a real database filled through the store
 * with real answers from the bundled article: totals, shares, the most 👎 questions, filters, JSON, export.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPaths, goldDrafts } from '../../src/feedback/goldExport.js';
import { openFeedback } from '../../src/feedback/store.js';
import type { VoteValue } from '../../src/feedback/types.js';
import { silentLogger } from '../../src/logger.js';
import { ask } from '../../src/qa/ask.js';
import { readGoldSet } from '../../src/qa/goldSet.js';
import { runScript } from '../cli/run.js';
import { bundledIndex } from '../helpers.js';

const A = '400000000000000001';
const B = '400000000000000002';
const DAY1 = Date.parse('2026-11-20T10:00:00Z');
const DAY2 = Date.parse('2026-11-25T10:00:00Z');
let dataDir: string;
const feedback = (...args: string[]) => runScript('src/cli/feedback.ts', ['--data', dataDir, ...args]);

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'qa-bot-report-'));
  const index = await bundledIndex();
  const store = openFeedback({ dataDir, logger: silentLogger });
  let id = 600000000000000000n;
  const answer = (question: string, guildId: string | undefined, at: number) => {
    const given = store.recordAnswer({ id: String(++id), guildId, answer: ask(index, question), at });
    if (!given) throw new Error('voting is off');
    return given;
  };
  const vote = (answerId: string, guildId: string | undefined, user: string, value: VoteValue, at: number) =>
    expect(store.vote({ answerId, guildId, userId: user, value, at })).toMatch(/recorded|changed/);

  // Server A: "Who met whom?" liked twice; "When was Ken Saito born?" (declined) disliked twice, once changed from 👍.
  const met = answer('Who met whom?', A, DAY1);
  vote(met, A, 'u1', 'up', DAY1);
  vote(met, A, 'u2', 'up', DAY1);
  const born = answer('When was Ken Saito born?', A, DAY1);
  vote(born, A, 'u1', 'up', DAY1);
  vote(born, A, 'u1', 'down', DAY2);
  vote(born, A, 'u2', 'down', DAY2);
  answer('Where did the meeting take place?', A, DAY2); // given, never voted on
  // Server B: one 👎 on "What ratio was cited?", late; a DM 👍.
  const ratio = answer('What ratio was cited?', B, DAY2);
  vote(ratio, B, 'u3', 'down', DAY2);
  const dm = answer('When will they meet again?', undefined, DAY2);
  vote(dm, undefined, 'u4', 'up', DAY2);
  store.close();
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm run feedback', () => {
  it('GIVEN votes in two servers and a DM THEN --json is the one object, most 👎 first, the changed vote counted once', async () => {
    const run = await feedback('--json');
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(run.stdout)).toEqual({
      up: 3,
      down: 3,
      questions: [
        { question: 'When was Ken Saito born?', answer: null, up: 0, down: 2, last: '2026-11-25T10:00:00.000Z' },
        { question: 'What ratio was cited?', answer: '99 cars per 1,000 people', up: 0, down: 1, last: '2026-11-25T10:00:00.000Z' },
        // No 👎: fewest 👍 first (the weaker answer).
        { question: 'When will they meet again?', answer: 'August', up: 1, down: 0, last: '2026-11-25T10:00:00.000Z' },
        { question: 'Who met whom?', answer: 'Agus Gumiwang Kartasasmita met Ken Saito', up: 2, down: 0, last: '2026-11-20T10:00:00.000Z' },
      ],
    });
  });

  it('GIVEN --server THEN only that server’s votes; GIVEN --since THEN only votes from then on', async () => {
    expect(JSON.parse((await feedback('--json', '--server', B)).stdout)).toEqual({
      up: 0,
      down: 1,
      questions: [{ question: 'What ratio was cited?', answer: '99 cars per 1,000 people', up: 0, down: 1, last: '2026-11-25T10:00:00.000Z' }],
    });
    expect(JSON.parse((await feedback('--json', '--server', 'dm')).stdout)).toMatchObject({ up: 1, down: 0, questions: [{ question: 'When will they meet again?' }] });
    const recent = JSON.parse((await feedback('--json', '--server', A, '--since', '2026-11-22')).stdout);
    expect(recent).toEqual({ up: 0, down: 2, questions: [{ question: 'When was Ken Saito born?', answer: null, up: 0, down: 2, last: '2026-11-25T10:00:00.000Z' }] });
  });

  it('GIVEN no flags THEN the text report: totals, shares by answer type and by confidence band, the most 👎 with answers and citations', async () => {
    const run = await feedback('--server', A);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`Feedback in ${path.join(dataDir, 'bot.db')} · server ${A} · all time`);
    expect(lines[1]).toBe('4 votes on 2 of 3 answers, from 2 voters: 👍 2 (50%), 👎 2');
    expect(run.stdout).toMatch(/👍 share by answer type\n {2}doesn't say +0 of 2 +0%\n {2}relation +2 of 2 +100%\n/);
    expect(run.stdout).toMatch(/👍 share by confidence\n {2}75–100% +2 of 2 +100%\n {2}0–25% +0 of 2 +0%\n/);
    expect(run.stdout).toContain("  1. When was Ken Saito born?  👎 2 👍 0  last 2026-11-25 10:00 UTC\n     answer: (the article doesn't say) [date] · cited: indonesia-japan-automotive#p");
    expect(run.stdout).not.toContain('What ratio was cited?');
  });

  it('GIVEN --export THEN the 👎 questions as a gold file that refuses to load until someone writes the answers', async () => {
    const file = path.join(dataDir, 'to-label.json');
    const run = await feedback('--json', '--server', A, '--export', file);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`wrote ${file} (1 👎 question about indonesia-japan-automotive)`);
    const draft = JSON.parse(await readFile(file, 'utf8'));
    expect(draft).toMatchObject({
      article: 'indonesia-japan-automotive',
      questions: [{ question: 'When was Ken Saito born?', type: 'date', answers: [], botAnswer: null, up: 0, down: 2 }],
    });
    await expect(readGoldSet(file)).rejects.toThrow(/answers/);
    // Filled in: the article really doesn't say, so `answers` goes and the question must be declined.
    delete draft.questions[0].answers;
    await writeFile(file, JSON.stringify(draft));
    expect((await readGoldSet(file)).questions).toEqual([{ question: 'When was Ken Saito born?', type: 'date' }]);
  });

  // One child process a case: on a slow machine six in a row outlast one test's time limit.
  it.each([
    [['--since', 'yesterday-ish'], /--since must be a date/],
    [['--server', 'guild-1'], /--server must be a server \(guild\) id/],
    [['--limit', '0'], /--limit must be a whole number/],
    [['--frobnicate'], /Unknown option '--frobnicate'/],
  ])('GIVEN the bad options %j THEN a clear message and nothing else', async (args, message) => {
    const run = await feedback(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('GIVEN no database, or a file that is not one THEN a clear message, nothing half-done', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'qa-bot-report-none-'));
    try {
      const none = await runScript('src/cli/feedback.ts', ['--json', '--data', empty]);
      expect(none).toMatchObject({ code: 0, stdout: '{"up":0,"down":0,"questions":[]}\n' });
      expect(none.stderr).toMatch(/No feedback database at .*bot\.db yet/);
      await writeFile(path.join(empty, 'bot.db'), 'garbage'.repeat(1000));
      const corrupt = await runScript('src/cli/feedback.ts', ['--data', empty]);
      expect(corrupt.code).toBe(1);
      expect(corrupt.stderr).toMatch(/Could not read .*bot\.db: file is not a database/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('gold export across articles', () => {
  it('GIVEN 👎 questions citing two articles and one citing nothing THEN one gold draft per article, one file each', () => {
    const q = (question: string, articleId: string | undefined, down: number) => ({
      question,
      answer: null,
      answerType: 'phrase',
      citations: articleId ? [{ id: `${articleId}#p2`, articleId, paragraph: 2 }] : [],
      up: 0,
      down,
      last: 0,
    });
    const drafts = goldDrafts([q('a?', 'one', 2), q('b?', 'two', 1), q('c?', undefined, 1), q('liked?', 'one', 0)]);
    expect([...drafts.keys()]).toEqual(['one', 'two', '']);
    expect(drafts.get('one')!.questions.map((x) => x.question)).toEqual(['a?']);
    expect(Object.fromEntries(exportPaths('/x/fb.json', [...drafts.keys()]))).toEqual({ one: '/x/fb.one.json', two: '/x/fb.two.json', '': '/x/fb.no-article.json' });
    expect(Object.fromEntries(exportPaths('/x/fb.json', ['one']))).toEqual({ one: '/x/fb.json' });
  });
});
