import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { STOP_WORDS, termKey, tokenize } from '../../src/index/text.js';
import { keyedTokens } from '../../src/qa/terms.js';

describe('GIVEN keyedTokens', () => {
  it('THEN it equals tokenize with term keys and stop flags added', () => {
    const text = `${readFileSync('data/articles/indonesia-japan-automotive.md', 'utf8')} Café’s 1,000 2.4 06/21 Ken's O'Neill ÉCOLE`;
    expect(keyedTokens(text)).toEqual(tokenize(text).map((t) => ({ ...t, key: termKey(t.norm), stop: STOP_WORDS.has(t.norm) })));
  });
});
