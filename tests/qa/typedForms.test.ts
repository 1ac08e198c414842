import { beforeAll, describe, expect, it } from 'vitest';
import type { SearchIndex } from '../../src/index/buildIndex.js';
import { ask, ANSWERERS } from '../../src/qa/ask.js';
import { writtenOut } from '../../src/qa/typedForms.js';
import { bundledIndex } from '../helpers.js';

describe('questions as typed in a chat', () => {
  it.each([
    ['whats the goal for cars per 1000 ppl', 'what is the goal for cars per 1000 people'],
    ["who's the minister", 'who is the minister'],
    ['Wheres the meeting?', 'Where is the meeting?'],
    ['what’d agus outline', 'what did agus outline'],
    ['whatre they planning', 'what are they planning'],
    ['how many seats r in the council', 'how many seats are in the council'],
    ['didnt they meet b4', 'did not they meet before'],
    ['whats the next meeting gonna be about?', 'what is the next meeting going to be about?'],
  ])('GIVEN "%s" THEN it is read as "%s"', (typed, written) => {
    expect(writtenOut(typed)).toBe(written);
  });

  it('GIVEN a capital letter, a letter inside a word or in quotes, or an ordinary word THEN it stays as typed', () => {
    for (const text of ['What did R stand for?', 'What did the Bermuda u/19 team win?', 'What is the Irish "r" called?', 'What is R&D?', 'Who won the Whitsun cup?', '   ']) {
      expect(writtenOut(text)).toBe(text);
    }
  });

  describe('asked of the bundled article', () => {
    let index: SearchIndex;
    beforeAll(async () => {
      index = await bundledIndex();
    });

    it.each(ANSWERERS)('GIVEN a question in chat forms THEN the %s answerer answers it as written out, and the reply shows it as asked', (answerer) => {
      const typed = ask(index, '  whats the goal for cars per thousand ppl ', { answerer });
      const written = ask(index, 'what is the goal for cars per thousand people', { answerer });
      expect(typed.question).toBe('whats the goal for cars per thousand ppl');
      expect({ ...typed, question: written.question }).toEqual(written);
    });
  });
});
