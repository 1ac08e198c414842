import { describe, expect, it } from 'vitest';
import { aggregate } from '../../src/eval/aggregate.js';
import type { QuestionRecord } from '../../src/eval/run.js';
import { applyThreshold, chooseThreshold, reliability } from '../../src/eval/threshold.js';

function record(confidence: number, crossConfidence: number, right: boolean): QuestionRecord {
  return {
    id: String(confidence), question: 'q?', answers: ['gold'], article: 0, paragraph: 0, prediction: right ? 'gold' : 'other', confidence,
    answerType: 'phrase', cited: [], latencyMs: 1, crossPrediction: 'x', crossConfidence,
  };
}

describe('choosing the abstain threshold', () => {
  const records = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05].map((c, i) => record(c, c / 2, i % 2 === 0));

  it('GIVEN a false-answer budget THEN the lowest threshold that keeps within it is chosen', () => {
    // Cross confidences are 0.45, 0.4, …: allowing 10% of 10 questions leaves one answer at or above the bar.
    const t = chooseThreshold(records, 0.1);
    const applied = aggregate(applyThreshold(records, t));
    expect(applied.false_answer_rate).toBeLessThanOrEqual(0.1);
    expect(t).toBeGreaterThan(0.4);
    expect(t).toBeLessThanOrEqual(0.45);
    // One step lower and the budget is broken.
    expect(aggregate(applyThreshold(records, 0.4)).false_answer_rate).toBeGreaterThan(0.1);
  });

  it('GIVEN a threshold THEN answers below it become declines, on the own article, the other one and the article without the answer', () => {
    const applied = applyThreshold(records, 0.55);
    expect(applied.filter((r) => r.prediction !== null)).toHaveLength(4);
    expect(applied.every((r) => r.crossPrediction === null)).toBe(true);
    const without = applyThreshold([{ ...records[0]!, gonePrediction: 'a', goneConfidence: 0.5 }, { ...records[1]!, gonePrediction: 'b', goneConfidence: 0.7 }, records[2]!], 0.55);
    expect(without.map((r) => r.gonePrediction)).toEqual([null, 'b', undefined]);
  });

  it('GIVEN answered questions THEN ten bins give the mean confidence beside the share that is right', () => {
    const bins = reliability(records, (r) => r.prediction === 'gold');
    expect(bins).toHaveLength(10);
    expect(bins[9]).toMatchObject({ questions: 1, meanConfidence: 0.9, right: 1 });
    expect(bins[8]).toMatchObject({ questions: 1, meanConfidence: 0.8, right: 0 });
    expect(bins[0]).toMatchObject({ questions: 1, meanConfidence: 0.05 });
    expect(bins.reduce((n, b) => n + b.questions, 0)).toBe(10);
  });
});
