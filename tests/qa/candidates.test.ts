import { describe, expect, it } from 'vitest';
import { analyseSentence, answerCandidates, dateSpans, nameSpans, numberSpans, personSpans, phraseSpans, quoteSpans, reasonSpans } from '../../src/qa/candidates.js';

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

  it('GIVEN a quotation of several sentences read whole (a statement) THEN a discourse word opening one inside is not a name, a name still is', () => {
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

  it('GIVEN a possessive THEN the possessor and what it owns are also offered apart, each keeping its kinds, but not out of a clause', () => {
    const spans = answerCandidates(sentence("Demosisto's Nathan Law beat Denver's Executive Vice President."), new Set());
    const byText = new Map(spans.map((s) => [s.text, s.kinds]));
    expect(byText.get('Demosisto')).toEqual(expect.arrayContaining(['name']));
    expect(byText.get('Nathan Law')).toEqual(expect.arrayContaining(['name', 'person']));
    expect(byText.get('Denver')).toEqual(expect.arrayContaining(['np']));
    expect(byText.has('Executive Vice President')).toBe(true);
    // "beat Denver's Executive Vice President" is a verb phrase: "beat Denver" is no answer.
    expect(byText.has('beat Denver')).toBe(false);
    const alone = answerCandidates(sentence("They copied Peyton Manning's shotgun formation."), new Set());
    expect(texts(alone)).toEqual(expect.arrayContaining(["Peyton Manning's", 'Peyton Manning']));
  });

  it('GIVEN a number joined to its unit by a hyphen THEN the quantity is the two together', () => {
    const s = sentence('In the 20-minute demo, four-wheeled cars ran 5 kilometres.');
    expect(texts(numberSpans(s, 'number'))).toEqual(['20-minute', 'four-wheeled', '5 kilometres']);
  });
});
