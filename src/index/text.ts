import porter2 from 'wink-porter2-stemmer';
import { IRREGULAR_BASE } from './irregularVerbs.js';

/**
 * Text normalisation shared by the index, the question analyser and the answer scorer, so that a word
 * is the same term everywhere: case and diacritics folded, curly apostrophes made straight, and
 * numbers kept whole ("1,000", "2.4", "06/21") with a comma-free twin ("1000") so either spelling finds them.
 */

/** Words, and numbers with their inner separators: the one token pattern of the index and of answering. */
export const TOKEN = /\d+(?:[.,/:]\d+)*|[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

const ASCII = /^[\x00-\x7f]*$/;

/** Lowercases and strips diacritics (é → e, ü → u); straightens curly apostrophes. */
export function fold(text: string): string {
  // Plain ASCII (most English words) needs only lowercasing: skip the costly Unicode normalisation.
  if (ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[’‘]/g, "'");
}

export interface Token {
  /** The token as it appears in the text. */
  text: string;
  /** Folded form (see `fold`). */
  norm: string;
  start: number;
  end: number;
}

/** Tokens of `text` with offsets; possessive `'s` is dropped from the normalised form. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const raw = match[0];
    tokens.push({ text: raw, norm: fold(raw).replace(/'s$/, ''), start: match.index!, end: match.index! + raw.length });
  }
  return tokens;
}

/** Function words that carry no topic. Measured: dropping them speeds search and does not hurt retrieval (see docs/quality.md). */
export const STOP_WORDS = new Set(
  `a an and are as at be been being but by can could did do does doing for from had has have having he her hers him
  his how i if in into is it its itself me my of on or our ours she should so some such than that the their theirs them
  then there these they this those to too us was we were what when where which while who whom whose why will with would
  you your yours also just about over under again further once here only own same very s t don now`
    .split(/\s+/)
    .filter(Boolean),
);

const stemCache = new Map<string, string>();

/** Porter2 (Snowball English) stem of a folded word (cached: the same few thousand words recur). Numbers are left as they are. */
export function stem(word: string): string {
  if (/\d/.test(word)) return word;
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    stemmed = porter2(word);
    if (stemCache.size < 200_000) stemCache.set(word, stemmed);
  }
  return stemmed;
}

/** The comma-free twin of a number with thousands separators, e.g. "1,000" → "1000"; otherwise undefined. */
export function numberTwin(term: string): string | undefined {
  return /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(term) ? term.replace(/,/g, '') : undefined;
}

/**
 * The key two words must share to count as the same term, in the index and in answer scoring alike:
 * numbers by their comma-free form, irregular verbs by their base, other words by their Porter2 stem.
 */
export function termKey(norm: string): string {
  let key = keyCache.get(norm);
  if (key === undefined) {
    const twin = numberTwin(norm);
    key = twin ?? (/\d/.test(norm) ? norm : stem(IRREGULAR_BASE.get(norm) ?? norm));
    if (keyCache.size < 500_000) keyCache.set(norm, key);
  }
  return key;
}

/** termKey is pure and called for every token of the corpus; Zipf's law makes a cache hit almost always. */
const keyCache = new Map<string, string>();
