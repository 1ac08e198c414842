import { describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import { DISCORD_LIMITS, embedLength, fitChoices, fitMessage, truncate, truncateStart, unclosedBold } from '../../src/reply/limits.js';
import { quote } from '../../src/reply/discord.js';

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

describe('truncate', () => {
  it('GIVEN text at or under the limit THEN returns it unchanged', () => {
    expect(truncate('exactly ten', 11)).toBe('exactly ten');
    expect(truncate('', 5)).toBe('');
  });

  it('GIVEN text one character over THEN cuts at the previous word boundary and adds an ellipsis', () => {
    const out = truncate('the quick brown fox', 18);
    expect(out).toBe('the quick brown…');
    expect(out.length).toBeLessThanOrEqual(18);
  });

  it('GIVEN one very long word THEN cuts inside it rather than returning almost nothing', () => {
    const out = truncate('x'.repeat(50), 10);
    expect(out).toBe(`${'x'.repeat(9)}…`);
  });

  it('GIVEN a limit smaller than the ellipsis THEN never exceeds the limit', () => {
    expect(truncate('hello world', 1)).toBe('…');
    expect(truncate('hello world', 0)).toBe('');
  });

  it('GIVEN a cut that would leave a dangling escape THEN drops the backslash', () => {
    const out = truncate('abc\\*def ghi', 5);
    expect(out.length).toBeLessThanOrEqual(5);
    expect(out).not.toMatch(/(^|[^\\])(\\\\)*\\…$/);
  });

  it('GIVEN a cut inside bold text THEN closes the bold marker within the limit', () => {
    const text = `before **${words(40)}** after`;
    const out = truncate(text, 60);
    expect(out.length).toBeLessThanOrEqual(60);
    expect(unclosedBold(out)).toBe(false);
    expect(out.endsWith('**…')).toBe(true);
  });

  it('GIVEN an emoji at the cut THEN does not split its surrogate pair', () => {
    const out = truncate(`${'a'.repeat(8)}😀😀😀`, 10);
    expect(out).toBe(`${'a'.repeat(8)}…`);
  });

  it('GIVEN every Discord limit THEN the result fits exactly at the edge', () => {
    for (const max of [DISCORD_LIMITS.content, DISCORD_LIMITS.embedDescription, DISCORD_LIMITS.fieldValue, DISCORD_LIMITS.embedTitle]) {
      const text = words(max);
      const out = truncate(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out.length).toBeGreaterThan(max - 12);
      expect(out.endsWith('…')).toBe(true);
      expect(truncate(text.slice(0, max), max)).toBe(text.slice(0, max));
    }
  });

  it('truncateStart keeps the end, starting at a word', () => {
    expect(truncateStart('the quick brown fox', 10)).toBe('…brown fox');
  });
});

describe('fitMessage', () => {
  it('GIVEN content over 2,000 characters THEN truncates it', () => {
    const out = fitMessage({ content: words(1000) });
    expect(out.content!.length).toBeLessThanOrEqual(2000);
  });

  it('GIVEN an embed over every per-part limit THEN each part fits and fields are capped at 25', () => {
    const embed: APIEmbed = {
      title: words(100),
      description: words(1000),
      footer: { text: words(500) },
      fields: Array.from({ length: 30 }, (_, i) => ({ name: `${i} ${words(60)}`, value: words(300) })),
    };
    const [out] = fitMessage({ embeds: [embed] }).embeds!;
    expect(out!.title!.length).toBeLessThanOrEqual(256);
    expect(out!.description!.length).toBeLessThanOrEqual(4096);
    expect(out!.footer!.text.length).toBeLessThanOrEqual(2048);
    expect(out!.fields!.length).toBeLessThanOrEqual(25);
    for (const f of out!.fields!) {
      expect(f.name.length).toBeLessThanOrEqual(256);
      expect(f.value.length).toBeLessThanOrEqual(1024);
    }
    expect(embedLength(out!)).toBeLessThanOrEqual(6000);
  });

  it('GIVEN embeds that together exceed 6,000 characters THEN drops trailing fields first', () => {
    const fields = Array.from({ length: 8 }, (_, i) => ({ name: `field ${i}`, value: words(150) }));
    const out = fitMessage({ embeds: [{ description: 'kept', fields }] }).embeds![0]!;
    expect(embedLength(out)).toBeLessThanOrEqual(6000);
    expect(out.description).toBe('kept');
    expect(out.fields![0]!.name).toBe('field 0');
    expect(out.fields!.length).toBeLessThan(8);
  });

  it('GIVEN too many buttons THEN keeps 5 per row; GIVEN a custom_id over 100 THEN throws (a bug, not input)', () => {
    const button = (i: number) => ({ type: 2 as const, style: 2 as const, label: `b${i}`, custom_id: `id${i}` });
    const out = fitMessage({ components: [{ type: 1, components: Array.from({ length: 7 }, (_, i) => button(i)) }] });
    expect(out.components![0]!.components).toHaveLength(5);
    expect(() => fitMessage({ components: [{ type: 1, components: [{ ...button(0), custom_id: 'x'.repeat(101) }] }] })).toThrow(/custom_id/);
  });
});

describe('fitChoices', () => {
  it('GIVEN 30 choices with long names THEN returns 25 with names of at most 100', () => {
    const out = fitChoices(Array.from({ length: 30 }, (_, i) => ({ name: `${i} ${words(40)}`, value: `v${i}` })));
    expect(out).toHaveLength(25);
    for (const c of out) expect(c.name.length).toBeLessThanOrEqual(100);
  });

  it('GIVEN a value over 100 characters THEN drops that choice rather than sending a cut value', () => {
    const out = fitChoices([{ name: 'long', value: 'v'.repeat(101) }, { name: 'ok', value: 'v'.repeat(100) }]);
    expect(out.map((c) => c.name)).toEqual(['ok']);
  });
});

describe('quote', () => {
  const text = `${words(200)} THE ANSWER ${words(100)}`;
  const start = text.indexOf('THE ANSWER');

  it('GIVEN a long passage with the answer deep inside THEN keeps the answer in bold within the limit', () => {
    const out = quote(text, [{ start, end: start + 10 }], 300);
    expect(out.length).toBeLessThanOrEqual(300);
    expect(out).toContain('**THE ANSWER**');
    expect(out.startsWith('> …')).toBe(true);
    expect(out.endsWith('…')).toBe(true);
  });

  it('GIVEN a passage that fits THEN quotes it whole with the answer bold', () => {
    expect(quote('Ken Saito met Agus.', [{ start: 0, end: 9 }], 100)).toBe('> **Ken Saito** met Agus.');
  });

  it('GIVEN markdown in the passage THEN escapes it, and still fits', () => {
    const out = quote(`${'*_'.repeat(400)} end`, [], 200);
    expect(out.length).toBeLessThanOrEqual(200);
    expect(out).not.toMatch(/(^|[^\\])\*\*/);
  });
});
