import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';
import { tokenize } from '../../src/index/text.js';
import { tagAndName, TAGGER } from '../../src/qa/tagger.js';

/** Each token with its coarse tag and entity, as `word/tag:entity`. */
function tagged(text: string): string[] {
  const tokens = tokenize(text);
  const { tags, entities } = tagAndName(text, tokens);
  expect(tags).toHaveLength(tokens.length);
  expect(entities).toHaveLength(tokens.length);
  return tokens.map((t, i) => `${t.text}/${tags[i]}${entities[i] ? `:${entities[i]}` : ''}`);
}

describe('tagAndName', () => {
  it('GIVEN a news sentence THEN names, verbs, numbers and dates take their parts of speech and kinds', () => {
    const words = tagged('Japanese Minister Ken Saito met Agus in Tokyo on June 21, 2024, and cited 99 cars per 1,000 people.');
    expect(words).toEqual(expect.arrayContaining([
      'Japanese/proper:demonym', 'Ken/proper:person', 'Saito/proper:person', 'met/verb', 'Tokyo/proper:place',
      'June/proper:date', '2024/num:date', 'cited/verb', '99/num:number', 'cars/noun', 'per/prep', '1,000/num:number',
    ]));
  });

  it('GIVEN a place or an organisation of several words THEN the lexicon names every word of it', () => {
    expect(tagged('She moved from New York to the United Nations.')).toEqual(expect.arrayContaining([
      'New/proper:place', 'York/proper:place', 'United/proper:org', 'Nations/proper:org',
    ]));
  });

  it('GIVEN words the tagger splits or our tokenizer splits THEN each of our tokens gets one tag', () => {
    // wink reads "can't" as "ca" + "n't": the token takes the first piece's tag. We read "22nd" as "22" + "nd".
    expect(tagged("It can't be the 22nd time")).toEqual(['It/pron', "can't/verb", 'be/verb', 'the/det', '22/adj:number', 'nd/adj:number', 'time/noun']);
  });

  it('GIVEN typed questions, hostile and empty text THEN every token is tagged and nothing throws', () => {
    for (const text of ['whats the car ratio', 'who did agus meet', '😀 <script>alert(1)</script> \u202e ﷽', '', '   ', '"""', 'a'.repeat(5000), 'the constructor of toString and __proto__ hasOwnProperty']) {
      expect(() => tagged(text), text).not.toThrow();
    }
    expect(tagged('who did agus meet')).toEqual(['who/pron', 'did/verb', 'agus/noun', 'meet/verb']);
  });

  it('GIVEN the bundled and news articles THEN most of their words are tagged (a tagger that lost its alignment would leave them `other`)', async () => {
    const articles = [...(await loadCorpus('data')).articles, ...(await loadCorpus('data/news')).articles];
    let words = 0;
    let other = 0;
    for (const sentence of articles.flatMap((a) => a.paragraphs.flatMap((p) => p.sentences))) {
      const tokens = tokenize(sentence.text);
      const { tags } = tagAndName(sentence.text, tokens);
      words += tokens.length;
      other += tags.filter((t) => t === 'other').length;
    }
    expect(words).toBeGreaterThan(1000);
    expect(other / words).toBeLessThan(0.02);
  });

  it('names the tagger and its model with their versions (a model trained on other tags is not loaded, see model.ts)', () => {
    expect(TAGGER).toMatch(/^wink-nlp@\d+\.\d+\.\d+ wink-eng-lite-web-model@\d+\.\d+\.\d+ compromise@\d+\.\d+\.\d+$/);
  });
});
