import { describe, expect, it } from 'vitest';
import { analyseSentence, dateSpans, nameSpans, numberSpans, personSpans, phraseSpans, quoteSpans, reasonSpans } from '../../src/qa/candidates.js';

const texts = (spans: Array<{ text: string }>) => spans.map((s) => s.text);
const sentence = (t: string) => analyseSentence(t);

describe('span extraction', () => {
  it('GIVEN dates in several forms THEN finds each', () => {
    expect(texts(dateSpans(sentence('They met on June 21, 2024 and again on 06/21, then in August and in the 1990s.')))).toEqual([
      'June 21, 2024', '06/21', 'August', '1990s',
    ]);
  });

  it('GIVEN a ratio THEN takes the whole "N things per M things"', () => {
    expect(texts(numberSpans(sentence('The ratio is 99 cars per 1,000 people today.'), 'ratio'))).toEqual(['99 cars per 1,000 people']);
  });

  it('GIVEN a percentage and a quantity THEN tells them apart', () => {
    const s = sentence('Sales rose 12.5 percent to 3 million cars in 2023.');
    expect(texts(numberSpans(s, 'percentage'))).toEqual(['12.5 percent']);
    expect(texts(numberSpans(s, 'number'))).toContain('3 million cars');
    expect(texts(numberSpans(s, 'number'))).not.toContain('2023');
  });

  it('GIVEN names with roles, lists and acronyms THEN chains them and finds the person inside', () => {
    const s = sentence('Indonesian Minister of Industry Agus Gumiwang Kartasasmita met with Japanese Minister of Economy, Trade, and Industry (METI) Ken Saito.');
    expect(texts(nameSpans(s))).toEqual([
      'Indonesian Minister of Industry Agus Gumiwang Kartasasmita',
      'Japanese Minister of Economy, Trade, and Industry (METI) Ken Saito',
    ]);
    // News names a person in full once, then by one name: that tells where the name starts.
    expect(texts(personSpans(s, new Set(['agus', 'ken'])))).toEqual(['Agus Gumiwang Kartasasmita', 'Ken Saito']);
  });

  it('GIVEN a sentence-initial function word or pronoun THEN it is not a name', () => {
    expect(texts(nameSpans(sentence('The meeting took place in Tokyo. He left.')))).toEqual(['Tokyo']);
  });

  it('GIVEN a quotation of several sentences (one sentence to the splitter) THEN a discourse word opening one inside is not a name, a name still is', () => {
    const quoted = sentence('“We sell 99 cars per 1,000 people. Therefore, I hope Japanese car products can fill this gap. Currently, Honda leads,” Agus said.');
    expect(texts(nameSpans(quoted))).toEqual(['Japanese', 'Honda', 'Agus']);
    expect(texts(nameSpans(sentence('It closed at 5 p.m. Public schools opened. The U.S. Army came.')))).not.toContain('Public');
  });

  it('GIVEN quoted speech THEN takes the words inside the quotes without the trailing comma', () => {
    expect(texts(quoteSpans(sentence('“We want to enhance cooperation,” he said.')))).toEqual(['We want to enhance cooperation']);
  });

  it('GIVEN purpose clauses THEN every marker starts a candidate', () => {
    expect(texts(reasonSpans(sentence('They will meet again in August to discuss further cooperation.')))).toContain('to discuss further cooperation');
  });

  it('GIVEN a noun phrase with prepositional attachments THEN offers it alone and attached', () => {
    const spans = texts(phraseSpans(sentence('He outlined a plan for industrial human resource exchanges between Indonesia and Japan to facilitate training.')));
    expect(spans).toContain('a plan');
    expect(spans).toContain('a plan for industrial human resource exchanges between Indonesia and Japan');
  });
});
