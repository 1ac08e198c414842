import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runScript } from './run.js';

/**
 * `npm run gold` on a copy of the data folder (so its index caches land in a temp folder). The counts are
 * checked against the question files; the bot's score is not asserted (the answer model is being rebuilt).
 */
let data: string;

async function questionCounts(dir: string): Promise<{ answerable: number; unanswerable: number }> {
  let answerable = 0;
  let unanswerable = 0;
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.json'))) {
    const { questions } = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as { questions: { answers?: string[] }[] };
    answerable += questions.filter((q) => q.answers).length;
    unanswerable += questions.filter((q) => !q.answers).length;
  }
  return { answerable, unanswerable };
}

beforeAll(async () => {
  data = await mkdtemp(path.join(tmpdir(), 'gold-cli-'));
  for (const sub of ['articles', 'gold', 'paraphrase', 'news/articles', 'news/gold']) {
    await cp(path.join(ROOT, 'data', sub), path.join(data, sub), { recursive: true });
  }
});

afterAll(async () => {
  await rm(data, { recursive: true, force: true });
});

describe('npm run gold', () => {
  it('GIVEN --json THEN prints one object: gold, paraphrase and news sections with their files, and the paraphrase sets overall', async () => {
    const { code, stdout } = await runScript('src/cli/gold.ts', ['--data', data, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(['gold', 'paraphrase', 'news', 'overall']);
    for (const [name, dir] of [['gold', 'gold'], ['paraphrase', 'paraphrase'], ['news', 'news/gold']] as const) {
      const section = report[name];
      expect(section).toMatchObject(await questionCounts(path.join(data, dir)));
      expect(section.files.length).toBe((await readdir(path.join(data, dir))).filter((f) => f.endsWith('.json')).length);
      for (const key of ['answerable', 'correct', 'cited', 'unanswerable', 'declined']) {
        expect(section[key]).toBe(section.files.reduce((sum: number, f: Record<string, number>) => sum + f[key]!, 0));
      }
      expect(section.correct).toBeLessThanOrEqual(section.answerable);
      expect(section.declined).toBeLessThanOrEqual(section.unanswerable);
    }
    for (const key of ['answerable', 'correct', 'cited', 'unanswerable', 'declined']) {
      expect(report.overall[key]).toBe(report.paraphrase[key] + report.news[key]);
    }
  });

  it('GIVEN no flags THEN prints the gold files as before, then a paraphrase and a news section with totals, then the overall line', async () => {
    const { code, stdout } = await runScript('src/cli/gold.ts', ['--data', data]);
    expect(code).toBe(0);
    const order = [
      'indonesia-japan-automotive.json:',
      '== paraphrase:',
      'paraphrase total (1 file):',
      '== news:',
      'news total (3 files):',
      'overall (paraphrase + news):',
    ].map((marker) => stdout.indexOf(marker));
    for (const at of order) expect(at).toBeGreaterThanOrEqual(0);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(stdout).toMatch(/overall \(paraphrase \+ news\):\n {2}correct short answer {3}\d+\/\d+ \(\d+\.\d%\)\n {2}cites the passage {6}\d+\/\d+/);
  });
});
