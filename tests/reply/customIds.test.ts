import { describe, expect, it } from 'vitest';
import { decodeAction, encodeAction, type ButtonAction } from '../../src/reply/customIds.js';

describe('custom ids', () => {
  it.each<ButtonAction>([
    { kind: 'more', offset: 3, articleId: 'indonesia-japan-automotive' },
    { kind: 'more', offset: 0, articleId: undefined },
    { kind: 'para', paragraphId: 'indonesia-japan-automotive#p3' },
    { kind: 'pnav', paragraphId: 'a:b#p1' },
    { kind: 'search', offset: 10, dir: 'next' },
    { kind: 'vote', value: 'up', answerId: '1312345678901234567' },
    { kind: 'vote', value: 'down', answerId: '99999999999999999999' },
  ])('GIVEN %j THEN round-trips within 100 characters', (action) => {
    const id = encodeAction(action)!;
    expect(id.length).toBeLessThanOrEqual(100);
    expect(decodeAction(id)).toEqual(action);
  });

  it('GIVEN an article id too long to carry THEN "more" drops the filter instead of the button', () => {
    expect(encodeAction({ kind: 'more', offset: 3, articleId: 'a'.repeat(120) })).toBe('more:3');
  });

  it('GIVEN a paragraph id too long to carry THEN there is no button', () => {
    expect(encodeAction({ kind: 'para', paragraphId: `${'a'.repeat(100)}#p1` })).toBeUndefined();
  });

  it('GIVEN an answer id that is not a snowflake THEN no vote button', () => {
    expect(encodeAction({ kind: 'vote', value: 'up', answerId: 'abc' })).toBeUndefined();
    expect(encodeAction({ kind: 'vote', value: 'up', answerId: '1'.repeat(21) })).toBeUndefined();
  });

  it.each(['', 'nonsense', 'more:', 'more:-1', 'more:abc', 'search:5', 'search:5:sideways', 'para:', 'other:1',
    'vote:', 'vote:up', 'vote:up:', 'vote:meh:1', 'vote:up:1a', 'vote:up:1:2', `vote:down:${'1'.repeat(21)}`])(
    'GIVEN a foreign or malformed id %j THEN decodes to undefined',
    (id) => {
      expect(decodeAction(id)).toBeUndefined();
    },
  );
});
