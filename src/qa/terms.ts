import { fold, STOP_WORDS, termKey, type Token } from '../index/text.js';

export interface KeyedToken extends Token {
  /** The term key (see `termKey`): equal keys mean "the same word". */
  key: string;
  stop: boolean;
}

/** Words, and numbers with their inner separators (the same pattern as `tokenize`). */
const TOKEN = /\d+(?:[.,/:]\d+)*|[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/**
 * Tokens of a text with their term keys; stop words are flagged, not removed, so offsets stay intact.
 * Equal to `tokenize(text)` with `key` and `stop` added, built in one pass (this runs on every sentence a
 * question reads, so it is on the answering hot path).
 */
export function keyedTokens(text: string): KeyedToken[] {
  const tokens: KeyedToken[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const raw = match[0];
    const norm = foldedWord(raw);
    const start = match.index!;
    tokens.push({ text: raw, norm, start, end: start + raw.length, key: termKey(norm), stop: STOP_WORDS.has(norm) });
  }
  return tokens;
}

/** A word as tokens hold it (`norm`): folded, without a possessive "'s". */
export function foldedWord(word: string): string {
  const folded = fold(word);
  return folded.endsWith("'s") ? folded.slice(0, -2) : folded;
}

/** Whether a word starts with a capital letter. */
export function isCapitalised(word: string): boolean {
  return /^\p{Lu}/u.test(word);
}
