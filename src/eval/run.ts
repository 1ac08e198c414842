import { performance } from 'node:perf_hooks';
import type { SearchIndex } from '../index/buildIndex.js';
import { ask } from '../qa/ask.js';
import type { AnswerModel } from '../qa/model.js';
import { normalizeAnswer, paddedHolds, paddedPassage } from '../qa/squadMetric.js';
import { squadIndex, squadQuestions, type SquadDataset, type SquadQuestion } from './squad.js';

/** What one question got: the answer on its own article, and on another article (where it has none). */
export interface QuestionRecord extends SquadQuestion {
  /** The short answer, or null where the bot declined. */
  prediction: string | null;
  confidence: number;
  answerType: string;
  /** Texts of the cited passages, in order (at most 3). */
  cited: string[];
  /** Wall time of the `ask` call on its own article, in milliseconds. */
  latencyMs: number;
  /** The answer when asked against a different article's index (null = declined, undefined = not asked). */
  crossPrediction?: string | null | undefined;
  /** The confidence of that answer. */
  crossConfidence?: number | undefined;
  /**
   * The answer when asked of its own article without the paragraph that holds it (null = declined;
   * undefined = not asked, or another paragraph holds the answer too), and its confidence.
   */
  gonePrediction?: string | null | undefined;
  goneConfidence?: number | undefined;
}

export interface RunOptions {
  /** 0-based indexes of the articles to ask about (default: all). */
  articles?: number[];
  /** Also ask each question against the next article of the file, for the false-answer rate (default true). */
  crossArticle?: boolean;
  /**
   * Also ask each question of its article without its answer's paragraph, for the share declined where the
   * article does not say (default true).
   */
  withoutAnswer?: boolean;
  /** Told after each question: how many are done, of how many. */
  onProgress?: (done: number, total: number) => void;
  /** The answer model (default: the committed one). */
  model?: AnswerModel;
}

export type RunResult = { ok: true; records: QuestionRecord[] } | { ok: false; message: string };

/**
 * Asks every question of the chosen articles through the bot's own `ask`, each article indexed alone
 * (built from its paragraphs by the same corpus and index code as real articles). For the false-answer
 * rate each question is also asked against the next article of the file (the last one wraps to the first),
 * and, where no other paragraph holds its answer, of its own article without the paragraph that does.
 */
export function runSquad(dataset: SquadDataset, options: RunOptions = {}): RunResult {
  const count = dataset.data.length;
  const chosen = new Set(options.articles ?? dataset.data.map((_, i) => i));
  const crossArticle = (options.crossArticle ?? true) && count > 1;
  const withoutAnswer = options.withoutAnswer ?? true;
  // Questions come paragraph by paragraph: one index of the article without the current paragraph at a time.
  let gone: { key: string; index: SearchIndex | undefined } | undefined;
  const indexWithout = (q: SquadQuestion): SearchIndex | string | undefined => {
    const key = `${q.article}:${q.paragraph}`;
    if (gone?.key !== key) {
      const article = dataset.data[q.article]!;
      const rest = article.paragraphs.filter((_, p) => p !== q.paragraph);
      const built = rest.length ? squadIndex({ ...article, paragraphs: rest }) : undefined;
      if (built && !built.ok) return built.message;
      gone = { key, index: built?.value };
    }
    return gone.index;
  };
  // Whether another paragraph than the question's holds its answer: each paragraph normalised once per article.
  let normalised: { article: number; paragraphs: string[] } | undefined;
  const answeredElsewhere = (q: SquadQuestion): boolean => {
    if (normalised?.article !== q.article) normalised = { article: q.article, paragraphs: dataset.data[q.article]!.paragraphs.map((p) => paddedPassage(p.context)) };
    const answers = q.answers.map(normalizeAnswer);
    return normalised.paragraphs.some((p, i) => i !== q.paragraph && paddedHolds(p, answers));
  };
  const indexes = new Map<number, SearchIndex>();
  const indexOf = (a: number): SearchIndex | string => {
    let index = indexes.get(a);
    if (!index) {
      const built = squadIndex(dataset.data[a]!);
      if (!built.ok) return built.message;
      index = built.value;
      indexes.set(a, index);
    }
    return index;
  };
  const questions = squadQuestions(dataset).filter((q) => chosen.has(q.article));
  const records: QuestionRecord[] = [];
  for (const q of questions) {
    const own = indexOf(q.article);
    if (typeof own === 'string') return { ok: false, message: own };
    const started = performance.now();
    const answer = ask(own, q.question, { model: options.model });
    const latencyMs = performance.now() - started;
    let crossPrediction: string | null | undefined;
    let crossConfidence: number | undefined;
    if (crossArticle) {
      const other = indexOf((q.article + 1) % count);
      if (typeof other === 'string') return { ok: false, message: other };
      const cross = ask(other, q.question, { model: options.model });
      crossPrediction = cross.answer;
      crossConfidence = cross.confidence;
    }
    let gonePrediction: string | null | undefined;
    let goneConfidence: number | undefined;
    if (withoutAnswer && !answeredElsewhere(q)) {
      const rest = indexWithout(q);
      if (typeof rest === 'string') return { ok: false, message: rest };
      if (rest) {
        const without = ask(rest, q.question, { model: options.model });
        gonePrediction = without.answer;
        goneConfidence = without.confidence;
      }
    }
    records.push({
      ...q,
      prediction: answer.answer,
      confidence: answer.confidence,
      answerType: answer.answerType,
      cited: answer.citations.slice(0, 3).map((c) => c.text),
      latencyMs,
      crossPrediction,
      crossConfidence,
      gonePrediction,
      goneConfidence,
    });
    options.onProgress?.(records.length, questions.length);
  }
  return { ok: true, records };
}

/** The official predictions format: `{question id: answer}`, with "" where the bot declined. */
export function predictionsOf(records: QuestionRecord[]): Record<string, string> {
  return Object.fromEntries(records.map((r) => [r.id, r.prediction ?? '']));
}
