import type { Scope } from '../corpus/scope.js';
import type { SearchIndex } from '../index/buildIndex.js';
import type { AnswerModel } from './model.js';
import { askedText } from './analyzeQuestion.js';
import { askByModel } from './modelAnswer.js';
import { askByRules } from './rulesAnswer.js';
import { writtenOut } from './typedForms.js';
import type { Answer } from './types.js';

/** Who chooses the short answer: the hand-set rules, or the answer model trained on SQuAD (`npm run train`). */
export type Answerer = 'rules' | 'model';
export const ANSWERERS: readonly Answerer[] = ['rules', 'model'];

export interface AskOptions {
  /** Only look in this article. */
  articleId?: string | undefined;
  /** Who is asking: the library plus this server's own articles (default: the library alone). */
  scope?: Scope | undefined;
  /** How many passages to cite with an answer (1..3). */
  maxCitations?: number;
  /** Who chooses (default: the process's answerer, see `setDefaultAnswerer`; `rules` unless configured). */
  answerer?: Answerer | undefined;
  /** For the model answerer: the model (default: the committed one, data/model/answer-model.json). */
  model?: AnswerModel | undefined;
}

let processAnswerer: Answerer = 'rules';

/** The answerer this process uses when a call names none: set once at start from the `ANSWERER` setting. */
export function setDefaultAnswerer(answerer: Answerer): void {
  processAnswerer = answerer;
}

export function defaultAnswerer(): Answerer {
  return processAnswerer;
}

/**
 * Answers a question from the index: the short answer is always verbatim text of the cited passage (for
 * "who met whom", two spans joined by the verb), with 1 to 3 cited passages, or `null` with the closest
 * passages when the article does not say. A question typed in chat forms is read written out (see
 * `writtenOut`). Synchronous and side-effect free. Passing a model means the
 * model answers.
 *
 * @example
 * const answer = ask(index, 'Who met whom?');
 * answer.answer; // "Agus Gumiwang Kartasasmita met Ken Saito"
 */
export function ask(index: SearchIndex, question: string, options: AskOptions = {}): Answer {
  const answerer = options.model ? 'model' : options.answerer ?? processAnswerer;
  // People type in a chat ("whats", "ppl"); the answerers read written English, as the model was trained on
  // (training reads SQuAD's questions as written, so the model file stays what its seed writes). The reply
  // shows the question as it was asked.
  const written = writtenOut(question);
  const answer = answerer === 'model' ? askByModel(index, written, options) : askByRules(index, written, options);
  return written === question ? answer : { ...answer, question: askedText(question) };
}
