/**
 * `--export`: the 👎 questions in the gold-set format (`src/qa/goldSet.ts`), to become test cases once
 * someone writes the right answers. One gold file is about one article, so questions are grouped by the
 * article of the first passage the bot cited. Each question gets `"answers": []`, which the gold loader
 * rejects (answers must not be empty): an export cannot pass for a finished gold file, where a question
 * without `answers` means "must be declined". Filling in the answers — or deleting `answers` where the
 * article really does not say — is what makes it one. The extra fields (`botAnswer`, `botCited`, `up`,
 * `down`) are hints for that person; the loader ignores them.
 */
import path from 'node:path';
import type { QuestionFeedback } from './report.js';

export interface GoldDraft {
  article: string;
  note: string;
  questions: Array<{ question: string; type: string; answers: string[]; botAnswer: string | null; botCited: string[]; up: number; down: number }>;
}

export const EXPORT_NOTE =
  'Exported from feedback: questions users gave a 👎. For each, write the accepted short answers in `answers` ' +
  "(and `paragraph`, the passage that must be cited), or delete `answers` if the article doesn't say. " +
  'Until then this file does not load as a gold set. botAnswer/botCited/up/down are what the bot said and how people voted.';

/** Article id → draft, for every question with at least one 👎; questions that cited nothing go under "". */
export function goldDrafts(questions: QuestionFeedback[]): Map<string, GoldDraft> {
  const drafts = new Map<string, GoldDraft>();
  for (const q of questions.filter((q) => q.down > 0)) {
    const article = q.citations[0]?.articleId ?? '';
    const draft = drafts.get(article) ?? { article, note: EXPORT_NOTE, questions: [] };
    draft.questions.push({
      question: q.question,
      type: q.answerType,
      answers: [],
      botAnswer: q.answer,
      botCited: q.citations.map((c) => c.id),
      up: q.up,
      down: q.down,
    });
    drafts.set(article, draft);
  }
  return drafts;
}

/** Where each draft goes: `file` itself when there is one; else `name.<article>.json` beside it. */
export function exportPaths(file: string, articles: string[]): Map<string, string> {
  if (articles.length <= 1) return new Map(articles.map((a) => [a, file]));
  const ext = path.extname(file) || '.json';
  const base = file.slice(0, file.length - path.extname(file).length);
  return new Map(articles.map((a) => [a, `${base}.${a === '' ? 'no-article' : a.replace(/[^\w.-]+/g, '_')}${ext}`]));
}
