import { describe, expect, it } from 'vitest';
import { runScript } from './run.js';

describe('npm run eval', () => {
  it('GIVEN no --squad THEN measures on the committed SQuAD dev part 1 (data/squad/), here its first article', async () => {
    const { code, stdout, stderr } = await runScript('src/cli/eval.ts', ['--json', '--limit', '1', '--no-cross']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ file: 'data/squad/squad11-dev-part1.json', articles: 'articles 1-1 of 24' });
    // Super_Bowl_50, the first article of the official dev set, has 810 questions.
    expect(report.questions).toBe(810);
    expect(report.exact_match).toBeGreaterThan(0);
  });
});
