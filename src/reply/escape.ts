/**
 * Escaping for text we did not write (questions, message text, article passages) before it goes into
 * Discord markdown. `allowed_mentions: { parse: [] }` already stops pings; escaping also stops mentions
 * from *rendering* as mentions and markdown from reformatting the reply.
 */

const ZWSP = '\u200b';

/** Characters that are markdown anywhere in a line. */
const INLINE = /[\\*_~`|[\]]/g;

/**
 * Escapes markdown and neutralises mentions (`@everyone`, `@here`, `<@123>`, `<@!123>`, `<@&456>`,
 * `<#789>`, `</cmd:1>`) by inserting a zero-width space. Reversible with `unescapeText`.
 *
 * @example escapeText('**hi** @everyone') // '\\*\\*hi\\*\\* @\u200beveryone'
 */
export function escapeText(text: string): string {
  return text
    .replace(/\u200b/g, '')
    .replace(INLINE, '\\$&')
    .replace(/^(\s*)([>#-]|\d+\.)/gm, (_m, space: string, mark: string) =>
      mark.endsWith('.') ? `${space}${mark.slice(0, -1)}\\.` : `${space}\\${mark}`,
    )
    .replace(/@(everyone|here)/gi, `@${ZWSP}$1`)
    .replace(/<([@#/])/g, `<${ZWSP}$1`);
}

/** Inverse of `escapeText`: recovers the original text (used to read a question back from an embed). */
export function unescapeText(text: string): string {
  return text
    .replace(/@\u200b/g, '@')
    .replace(/<\u200b/g, '<')
    .replace(/\\([\\*_~`|[\]>#.-])/g, '$1');
}
