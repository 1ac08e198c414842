import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scorePredictions } from '../../src/eval/score.js';
import { parseSquad } from '../../src/eval/squad.js';

/** SQuAD dev part 1 and the baseline's predictions are committed under data/squad/ (see its README). */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const squadDir = path.join(repoRoot, 'data/squad');

describe('the official SQuAD v1.1 metric, on the published baseline', () => {
  it('GIVEN the logistic-regression predictions for part 1 THEN EM is 40.94 and F1 is 50.89', () => {
    const dataset = parseSquad(readFileSync(path.join(squadDir, 'squad11-dev-part1.json'), 'utf8'));
    if (!dataset.ok) throw new Error(dataset.message);
    const predictions = JSON.parse(readFileSync(path.join(squadDir, 'squad11-dev-part1-logreg-predictions.json'), 'utf8')) as Record<string, string>;
    const score = scorePredictions(dataset.value, predictions);
    expect(score.questions).toBe(4961);
    expect(score.exact_match.toFixed(2)).toBe('40.94');
    expect(score.f1.toFixed(2)).toBe('50.89');
  });
});
