import { STOP_WORDS, termKey, tokenize, type Token } from '../index/text.js';

export interface KeyedToken extends Token {
  /** The term key (see `termKey`): equal keys mean "the same word". */
  key: string;
  stop: boolean;
}

/** Tokens of a text with their term keys; stop words are flagged, not removed, so offsets stay intact. */
export function keyedTokens(text: string): KeyedToken[] {
  return tokenize(text).map((t) => ({ ...t, key: termKey(t.norm), stop: STOP_WORDS.has(t.norm) }));
}
