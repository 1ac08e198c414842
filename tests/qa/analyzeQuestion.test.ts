import { describe, expect, it } from 'vitest';
import { analyzeQuestion } from '../../src/qa/analyzeQuestion.js';

describe('analyzeQuestion', () => {
  it.each([
    ['Who met whom?', 'relation'],
    ['Who met with whom in Tokyo?', 'relation'],
    ['Who is the Indonesian Minister of Industry?', 'person'],
    ['Whom did the president appoint?', 'person'],
    ['Which company built the bridge?', 'person'],
    ['Where did the meeting take place?', 'place'],
    ['Which country is the main base?', 'place'],
    ['When will they meet again?', 'date'],
    ['In what year was it founded?', 'date'],
    ['How many ministers attended?', 'number'],
    ['How much did it cost?', 'number'],
    ['What is the population of Jakarta?', 'number'],
    ['What ratio was cited?', 'ratio'],
    ['What percentage of voters agreed?', 'percentage'],
    ['What did Ken Saito say?', 'statement'],
    ['What did Agus say in his written statement?', 'statement'],
    ['Why did the ministers meet?', 'reason'],
    ['What did Agus outline?', 'phrase'],
    ['What could people returning from Japan build?', 'phrase'],
    // The noun after "did the" is who did it, not what is asked for.
    ['What did the two ministers talk about?', 'phrase'],
    // Typed without the copula, or with the type noun at the end of its phrase: the phrase's head says the type.
    ['whats the car ratio in indonesia rn', 'ratio'],
    ['Which Florida city has the biggest population?', 'place'],
  ])('GIVEN "%s" THEN expects a %s', (question, type) => {
    expect(analyzeQuestion(question).answerType).toBe(type);
  });

  it('GIVEN "who VERB whom" THEN records the verb and both roles', () => {
    expect(analyzeQuestion('Who met whom?')).toMatchObject({ verb: { key: 'meet', text: 'met' }, role: 'both' });
  });

  it('GIVEN "who did X VERB" THEN the asked-for person is the object', () => {
    expect(analyzeQuestion('Who did Agus meet?')).toMatchObject({ verb: { key: 'meet' }, role: 'object' });
  });

  it('GIVEN a question THEN keeps content words and drops question and function words', () => {
    expect(analyzeQuestion('When will the two ministers meet again?').terms.map((t) => t.text)).toEqual(['two', 'ministers', 'meet']);
  });

  it('GIVEN a verb of saying THEN it is optional (news rephrases it)', () => {
    const cited = analyzeQuestion('What ratio was cited?').terms.find((t) => t.text === 'cited');
    expect(cited?.optional).toBe(true);
  });

  it('GIVEN "what NOUN did…" THEN the noun is the focus', () => {
    expect(analyzeQuestion('What crucial issue did Agus address?').focus).toBe(analyzeQuestion('issue').terms[0]!.key);
  });

  const key = (word: string) => analyzeQuestion(word).terms[0]!.key;

  it.each([
    ['What was the theme of the summit?', 'theme'],
    ['whats the car ratio in indonesia rn', 'ratio'],
    ['What is the name of the stadium in Miami?', 'stadium'],
    ['What was the last city the ministers visited?', 'city'],
  ])('GIVEN "%s" ("what is the", "whats the") THEN the noun phrase after them is the focus', (question, noun) => {
    expect(analyzeQuestion(question).focus).toBe(key(noun));
  });

  it('GIVEN "what is the X doing" THEN X is the clause\'s subject, not the focus', () => {
    expect(analyzeQuestion('What is the government planning?').focus).toBeUndefined();
  });

  it('GIVEN "what is the X of Y" THEN the gap is still read from the question word (the answer comes before X)', () => {
    expect(analyzeQuestion('What was the theme of the summit?').gap).toMatchObject({ after: key('theme') });
  });

  it('GIVEN "whose is the X" THEN X, what is owned, is not the focus', () => {
    expect(analyzeQuestion('Whose is the idea?').focus).toBeUndefined();
  });

  it('GIVEN a question THEN its first auxiliary verb is kept for tense ("will", "did"), and none is ""', () => {
    expect(analyzeQuestion('When will they meet again?').auxiliary).toBe('will');
    expect(analyzeQuestion('What did Agus outline?').auxiliary).toBe('did');
    expect(analyzeQuestion('Where was it held?').auxiliary).toBe('was');
    expect(analyzeQuestion('who met ken saito').auxiliary).toBe('');
  });
});
