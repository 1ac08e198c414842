import { describe, expect, it } from 'vitest';
import { escapeText, unescapeText } from '../../src/reply/escape.js';

/** A mention Discord would render (and, without allowed_mentions, ping). */
const MENTION = /@everyone|@here|<@!?\d+>|<@&\d+>|<#\d+>/;

describe('escapeText', () => {
  it.each(['@everyone hello', 'hi @here', 'ask <@123>', 'ask <@!123>', 'role <@&456>', 'channel <#789>'])(
    'GIVEN %j THEN no mention survives',
    (input) => {
      expect(escapeText(input)).not.toMatch(MENTION);
    },
  );

  it.each([
    ['**bold**', '\\*\\*bold\\*\\*'],
    ['__underline__', '\\_\\_underline\\_\\_'],
    ['~~strike~~', '\\~\\~strike\\~\\~'],
    ['`code`', '\\`code\\`'],
    ['||spoiler||', '\\|\\|spoiler\\|\\|'],
    ['[link](https://x.test)', '\\[link\\](https://x.test)'],
    ['> quote', '\\> quote'],
    ['# heading', '\\# heading'],
    ['-# subtext', '\\-# subtext'],
    ['1. item', '1\\. item'],
    ['a\\b', 'a\\\\b'],
  ])('GIVEN markdown %j THEN escapes it as %j', (input, expected) => {
    expect(escapeText(input)).toBe(expected);
  });

  it('GIVEN ordinary prose THEN leaves it readable', () => {
    const prose = 'The meeting took place in Tokyo (06/21), at 99 cars per 1,000 people - said Agus.';
    expect(escapeText(prose)).toBe(prose);
  });

  it.each(['**x** @everyone <@&456> \\ `y`', '> a\n# b\n- c\n2. d', 'plain', '\\*already escaped\\*', '<#1> <@!2> </cmd:3>'])(
    'GIVEN %j THEN unescapeText recovers it exactly',
    (input) => {
      expect(unescapeText(escapeText(input))).toBe(input);
    },
  );
});
