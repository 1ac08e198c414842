import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { aggregate, percentile, questionWord } from '../../src/eval/aggregate.js';
import { holdsAnswer } from '../../src/qa/squadMetric.js';
import { predictionsOf, runSquad, type QuestionRecord } from '../../src/eval/run.js';
import { scorePredictions } from '../../src/eval/score.js';
import { parseSquad, squadArticle, squadArticleText } from '../../src/eval/squad.js';

const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/tiny-squad.json');
const tiny = parseSquad(readFileSync(fixture, 'utf8'));
if (!tiny.ok) throw new Error(tiny.message);
const dataset = tiny.value;

function record(partial: Partial<QuestionRecord> & Pick<QuestionRecord, 'question' | 'answers'>): QuestionRecord {
  return { id: partial.question, article: 0, paragraph: 0, prediction: null, confidence: 0, answerType: 'phrase', cited: [], latencyMs: 1, ...partial };
}

describe('aggregate', () => {
  it('GIVEN hand-made records THEN EM, F1, hit@k, answered and false-answer rates follow their definitions', () => {
    const records = [
      // Right answer, right passage first.
      record({ question: 'When was it opened?', answers: ['19 March 1932'], prediction: '19 March 1932', cited: ['It opened on 19 March 1932.'], crossPrediction: null }),
      // Half-right answer; the passage with the answer is cited second.
      record({ question: 'Who opened it?', answers: ['Jack Lang'], prediction: 'Lang the premier', cited: ['Nothing here.', 'The premier, Jack Lang, opened it.'], crossPrediction: 'Sydney' }),
      // Declined (scores 0); the answer is only in the fourth citation, which does not count.
      record({ question: 'How many workers?', answers: ['1,400'], prediction: null, cited: ['a', 'b', 'c', 'About 1,400 workers.'], crossPrediction: null }),
      // "14" is not contained in "1400": containment is on whole normalised words.
      record({ question: 'What else?', answers: ['14'], prediction: 'x', cited: ['It took 1400 days.'], crossPrediction: null }),
    ];
    const report = aggregate(records);
    expect(report.questions).toBe(4);
    expect(report.exact_match).toBe(25);
    // F1 of "Lang the premier" vs "Jack Lang": 1 shared of 2 and 2 tokens → 0.5.
    expect(report.f1).toBe(37.5);
    expect(report.hit_at_1).toBe(0.25);
    expect(report.hit_at_3).toBe(0.5);
    expect(report.answered_rate).toBe(0.75);
    expect(report.false_answer_rate).toBe(0.25);
    expect(report.by_question_word.when).toEqual({ questions: 1, exact_match: 100, f1: 100 });
    expect(report.by_question_word.who.f1).toBe(50);
    expect(report.by_question_word['how many/much'].questions).toBe(1);
  });

  it('GIVEN no cross-article answers THEN the false-answer rate is not measured', () => {
    expect(aggregate([record({ question: 'Why?', answers: ['x'] })]).false_answer_rate).toBeNull();
    expect(aggregate([record({ question: 'Why?', answers: ['x'] })]).declined_without_answer).toBeNull();
  });

  it('GIVEN questions asked without their answer\'s paragraph THEN the share declined counts only those asked', () => {
    const report = aggregate([
      record({ question: 'a?', answers: ['x'], gonePrediction: null }),
      record({ question: 'b?', answers: ['x'], gonePrediction: 'a guess' }),
      record({ question: 'c?', answers: ['x'], gonePrediction: null }),
      record({ question: 'd?', answers: ['x'] }),
    ]);
    expect(report.declined_without_answer).toBeCloseTo(2 / 3, 4);
  });

  it('files questions under their question word, wherever it stands', () => {
    expect(questionWord('Whom did she marry?')).toBe('who');
    expect(questionWord('The Broncos beat which team?')).toBe('which');
    expect(questionWord('How much did it cost?')).toBe('how many/much');
    expect(questionWord('How did it end?')).toBe('other');
    expect(questionWord('Name the river.')).toBe('other');
  });

  it('compares passages and answers after SQuAD normalisation, on whole words', () => {
    expect(holdsAnswer('The Bridge, in 1932.', ['the bridge'])).toBe(true);
    expect(holdsAnswer('In 1932.', ['193'])).toBe(false);
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([5, 1, 3, 2, 4], 99)).toBe(5);
  });
});

describe('runSquad on a tiny SQuAD file', () => {
  it('GIVEN the articles rendered as article files THEN each paragraph becomes one passage', () => {
    const parsed = squadArticle(dataset.data[0]!);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.value.title).toBe('Harbour Bridge');
      expect(parsed.value.paragraphs.map((p) => p.text)).toEqual(dataset.data[0]!.paragraphs.map((p) => p.context));
    }
    expect(squadArticleText(dataset.data[1]!)).toContain('title: "Glass Frogs"');
  });

  it('GIVEN every question asked through ask THEN it answers from its own article and declines on the other', () => {
    const run = runSquad(dataset);
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    expect(run.records.map((r) => r.id)).toEqual(['q1', 'q2', 'q3', 'q4']);
    const report = aggregate(run.records);
    expect(report.hit_at_1).toBe(1);
    expect(report.false_answer_rate).toBe(0);
    expect(run.records.find((r) => r.id === 'q1')!.prediction).toBe('19 March 1932');
    // Asked of the article without the answer's paragraph: the two-paragraph article's questions only
    // (the one-paragraph article has nothing left to ask), and the bot does not guess a date it no longer has.
    expect(run.records.filter((r) => r.gonePrediction !== undefined).map((r) => r.id)).toEqual(['q1', 'q2', 'q3']);
    expect(run.records.find((r) => r.id === 'q1')!.gonePrediction).not.toBe('19 March 1932');
    const predictions = predictionsOf(run.records);
    expect(Object.keys(predictions)).toHaveLength(4);
    // The run's own figures agree with scoring its predictions file.
    const scored = scorePredictions(dataset, predictions);
    expect(scored.exact_match).toBeCloseTo(report.exact_match, 1);
    expect(scored.f1).toBeCloseTo(report.f1, 1);
  });
});
