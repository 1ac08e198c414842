import type { Options, SearchOptions } from 'minisearch';
import { fold, numberTwin, STOP_WORDS, termKey, TOKEN } from './text.js';

/** The document MiniSearch indexes: one paragraph, with its section heading and article title as context. */
export interface IndexedParagraph {
  id: string;
  text: string;
  heading: string;
  title: string;
  articleId: string;
}

/** Choices that change which terms are indexed. Measured on the gold set and SQuAD; see docs/quality.md "Retrieval". */
export interface TermSettings {
  stemming: boolean;
  stopWords: boolean;
}

export const DEFAULT_TERM_SETTINGS: TermSettings = { stemming: true, stopWords: true };

/** Word and number tokens (see `text.ts`): MiniSearch's default splits "1,000" and "2.4" apart. */
export function tokenizeForIndex(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Turns one token into the indexed term(s): folded, stop words dropped, stemmed, numbers with a twin. */
export function makeProcessTerm(settings: TermSettings): (term: string) => string | string[] | null {
  const process = (token: string): string | string[] | null => {
    const folded = fold(token).replace(/'s$/, '');
    if (!folded) return null;
    if (settings.stopWords && STOP_WORDS.has(folded)) return null;
    const twin = numberTwin(folded);
    if (twin) return [folded, twin];
    return settings.stemming ? termKey(folded) : folded;
  };
  // Every token of the corpus passes through here; word frequencies are Zipfian, so caching the result
  // per surface form turns folding, stop-word lookup and stemming into one map lookup (measured: the
  // largest single cost of building the index; see docs/performance.md).
  const cache = new Map<string, string | string[] | null>();
  return (token) => {
    let result = cache.get(token);
    if (result === undefined) {
      result = process(token);
      if (cache.size < 500_000) cache.set(token, result);
    }
    return result;
  };
}

/**
 * The one place MiniSearch is configured: building an index and `loadJSON` must both call this so the
 * two always agree (MiniSearch cannot check that for us).
 */
export function indexOptions(settings: TermSettings = DEFAULT_TERM_SETTINGS): Options<IndexedParagraph> {
  const processTerm = makeProcessTerm(settings);
  return {
    idField: 'id',
    fields: ['text', 'heading', 'title'],
    storeFields: [],
    tokenize: tokenizeForIndex,
    processTerm,
    searchOptions: { processTerm, tokenize: tokenizeForIndex },
  };
}

/** Field weights for answering: the paragraph's own words matter most; headings and titles add context. */
export const ANSWER_SEARCH: SearchOptions = {
  boost: { text: 1, heading: 0.4, title: 0.3 },
  combineWith: 'OR',
};

/** Settings fingerprint, stored beside a persisted index so a cache built with other options is never loaded. */
export function optionsFingerprint(settings: TermSettings = DEFAULT_TERM_SETTINGS): string {
  return `v1;fields=text,heading,title;stem=${settings.stemming};stop=${settings.stopWords}`;
}
