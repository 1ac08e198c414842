import { describe, expect, it } from 'vitest';
import { openIndex } from '../../src/index/openIndex.js';
import { evaluateGold, readGoldSet } from '../../src/qa/goldSet.js';

describe('GIVEN the bundled article and its gold questions', () => {
  it('THEN every answerable question is answered correctly and every unanswerable one declined', async () => {
    const index = await openIndex('data', { cache: false });
    const summary = evaluateGold(index, await readGoldSet('data/gold/indonesia-japan-automotive.json'));
    const wrong = summary.results.filter((r) => !r.correct).map((r) => `${r.gold.question} → ${r.answer.answer}`);
    expect(wrong).toEqual([]);
    expect(summary.correct).toBe(32);
    expect(summary.declined).toBe(6);
  });
});
