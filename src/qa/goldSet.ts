import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { SearchIndex } from '../index/buildIndex.js';
import { ask, type AskOptions } from './ask.js';
import { normalizeAnswer } from './squadMetric.js';
import type { Answer } from './types.js';

/** A gold file: questions about one article with accepted answers; a question without answers must be declined. */
const goldSchema = z.object({
  article: z.string(),
  questions: z.array(
    z.object({
      question: z.string().min(1),
      type: z.string().optional(),
      answers: z.array(z.string().min(1)).min(1).optional(),
      paragraph: z.number().int().positive().optional(),
    }),
  ),
});

export type GoldSet = z.infer<typeof goldSchema>;
export type GoldQuestion = GoldSet['questions'][number];

export async function readGoldSet(file: string): Promise<GoldSet> {
  return goldSchema.parse(JSON.parse(await readFile(file, 'utf8')));
}

export interface GoldResult {
  gold: GoldQuestion;
  answer: Answer;
  /** Answerable: the short answer equals an accepted one (after SQuAD normalisation). Unanswerable: declined. */
  correct: boolean;
  /** Answerable: a cited passage is the gold paragraph and holds an accepted answer. */
  cited: boolean;
}

export interface GoldSummary {
  answerable: number;
  correct: number;
  cited: number;
  unanswerable: number;
  declined: number;
  results: GoldResult[];
}

/** Asks every gold question through the same `ask` the bot uses and scores the replies. */
export function evaluateGold(index: SearchIndex, gold: GoldSet, options: Pick<AskOptions, 'model'> = {}): GoldSummary {
  const results = gold.questions.map((q): GoldResult => {
    const answer = ask(index, q.question, options);
    if (!q.answers) return { gold: q, answer, correct: answer.answer === null, cited: false };
    const accepted = new Set(q.answers.map(normalizeAnswer));
    const correct = answer.answer !== null && accepted.has(normalizeAnswer(answer.answer));
    // Cited: the gold paragraph is among the citations and holds an accepted answer (or, for a relation
    // joined from two spans, holds the bot's correct answer as its highlights).
    const cited = answer.answer !== null && answer.citations.some(
      (c) => c.articleId === gold.article && (q.paragraph === undefined || c.paragraph === q.paragraph)
        && (q.answers!.some((a) => normalizeAnswer(c.text).includes(normalizeAnswer(a))) || (correct && c.highlights.length > 0)),
    );
    return { gold: q, answer, correct, cited };
  });
  const answerable = results.filter((r) => r.gold.answers);
  const unanswerable = results.filter((r) => !r.gold.answers);
  return {
    answerable: answerable.length,
    correct: answerable.filter((r) => r.correct).length,
    cited: answerable.filter((r) => r.cited).length,
    unanswerable: unanswerable.length,
    declined: unanswerable.filter((r) => r.correct).length,
    results,
  };
}
