import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runScript } from './run.js';

const tiny = path.join(ROOT, 'tests/fixtures/tiny-squad.json');

describe('npm run compare:rankers', () => {
  it('GIVEN a training and a tuning file THEN one table row per ranker, each with F1, EM and fitting time', async () => {
    const result = await runScript('src/cli/compareRankers.ts', ['--squad', tiny, '--tune', tiny, '--limit', '2', '--trees', '3', '--columns', '16']);
    expect(result.code, result.stderr).toBe(0);
    const rows = result.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^\| ranker \(2 training articles\) \| F1 \(answering all\) \| EM \(answering all\) \| fitting seconds \|$/);
    expect(rows.slice(2).map((r) => r.split(' | ')[0])).toEqual([
      '| log-linear, every hashed feature', '| log-linear, 16 densest columns', '| gradient-boosted trees, 16 densest columns',
      expect.stringMatching(/^\| log-linear's best 10, reranked by trees over \d+ columns and its scores$/),
    ]);
    for (const row of rows.slice(2)) expect(row).toMatch(/\| \d+\.\d\d \| \d+\.\d\d \| \d+ \|$/);
  }, 60_000);

  it('GIVEN --no-dense THEN the two dense-column rows are left out', async () => {
    const result = await runScript('src/cli/compareRankers.ts', ['--squad', tiny, '--tune', tiny, '--limit', '2', '--trees', '3', '--columns', '16', '--no-dense']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n').slice(2).map((r) => r.split(' | ')[0])).toEqual([
      '| log-linear, every hashed feature', expect.stringMatching(/^\| log-linear's best 10, reranked/),
    ]);
  }, 60_000);

  it('GIVEN no --squad THEN the usage, and exit code 2', async () => {
    const result = await runScript('src/cli/compareRankers.ts', []);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--squad FILE is required[\s\S]*Usage: npm run compare:rankers/);
  });
});
