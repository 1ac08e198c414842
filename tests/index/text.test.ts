import { describe, expect, it } from 'vitest';
import { buildCorpus } from '../../src/corpus/loadCorpus.js';
import { parseArticle } from '../../src/corpus/parseArticle.js';
import { buildIndex, loadIndex } from '../../src/index/buildIndex.js';
import { makeProcessTerm, DEFAULT_TERM_SETTINGS } from '../../src/index/options.js';
import { fold, termKey, tokenize } from '../../src/index/text.js';

function indexOf(body: string) {
  const parsed = parseArticle('doc', `---\ntitle: Test\n---\n\n${body}\n`);
  if (!parsed.ok) throw new Error(parsed.message);
  return buildIndex(buildCorpus([parsed.article]));
}

describe('normalisation', () => {
  it('GIVEN case, diacritics and curly apostrophes THEN folds them', () => {
    expect(fold('Café São Paulo’s')).toBe("cafe sao paulo's");
  });

  it('GIVEN numbers with separators THEN tokenises them whole', () => {
    expect(tokenize('99 cars per 1,000 people, 2.4% on 06/21').map((t) => t.text)).toEqual(['99', 'cars', 'per', '1,000', 'people', '2.4', 'on', '06/21']);
  });

  it('GIVEN "1,000" THEN indexes it as both "1,000" and "1000"', () => {
    expect(makeProcessTerm(DEFAULT_TERM_SETTINGS)('1,000')).toEqual(['1,000', '1000']);
  });

  it('GIVEN irregular and regular verb forms THEN they share a key', () => {
    expect(termKey('met')).toBe(termKey('meet'));
    expect(termKey('took')).toBe(termKey('take'));
    expect(termKey('focuses')).toBe(termKey('focus'));
    expect(termKey('ministers')).toBe(termKey('minister'));
  });
});

describe('index', () => {
  const index = indexOf('The ratio is 99 cars per 1,000 people in São Paulo.\n\nA second paragraph about ministers.');

  it('GIVEN a number written with or without separators THEN finds the passage', () => {
    expect(index.search.search('1,000').map((r) => r.id)).toEqual(['doc#p1']);
    expect(index.search.search('1000').map((r) => r.id)).toEqual(['doc#p1']);
  });

  it('GIVEN a query without diacritics or in another case THEN finds the passage', () => {
    expect(index.search.search('SAO PAULO').map((r) => r.id)).toEqual(['doc#p1']);
  });

  it('GIVEN an inflected form THEN finds the passage (stemming)', () => {
    expect(index.search.search('minister').map((r) => r.id)).toEqual(['doc#p2']);
  });

  it('GIVEN a serialised index THEN loadJSON with the shared options answers the same', () => {
    const loaded = loadIndex(JSON.stringify(index.search), index.corpus);
    for (const q of ['1000', 'sao paulo', 'ministers']) expect(loaded.search.search(q)).toEqual(index.search.search(q));
  });
});
