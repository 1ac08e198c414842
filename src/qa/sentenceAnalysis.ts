import type { Sentence } from '../corpus/types.js';
import { analyseSentence, type AnalysedSentence } from './candidates.js';

const analysedCache = new WeakMap<Sentence, AnalysedSentence>();

/** Sentence analysis is pure, so it is computed once per sentence and kept while the sentence lives. */
export function analysed(sentence: Sentence): AnalysedSentence {
  let result = analysedCache.get(sentence);
  if (!result) {
    result = analyseSentence(sentence.text);
    analysedCache.set(sentence, result);
  }
  return result;
}
