import { scopeOf, type Scope } from '../corpus/scope.js';
import type { Article } from '../corpus/types.js';
import { articleIn, articlesIn } from '../index/searchPassages.js';
import { fold } from '../index/text.js';
import { oneLine } from '../reply/discord.js';
import { escapeText } from '../reply/escape.js';
import { clipWords, truncate } from '../reply/limits.js';
import { UserError, type CommandContext, type OptionValue, type RequestBase } from './types.js';

/** What the asker may read: the library plus their server's own articles; the library alone in a DM. */
export function scopeOfRequest(request: RequestBase): Scope {
  return scopeOf(request.guildId);
}

/** Longest question we answer: /ask's `max_length`; longer message text (context menu) is cut at a word. */
export const MAX_QUESTION = 300;
export const MAX_QUERY = 200;

/** A required text option as one trimmed line; a UserError when it is missing or blank. */
export function requiredText(value: OptionValue | undefined, what: string, max: number): string {
  const text = typeof value === 'string' ? oneLine(value) : '';
  if (!text) throw new UserError(`Please give a ${what}: it can't be empty.`);
  // Discord enforces max_length for slash commands, but an HTTP payload or a message's text can be longer.
  // Cut at a word with no ellipsis: this is the text we search for, and it is read back by buttons.
  return clipWords(text, max);
}

/** The article an `article:` option names (by id, as autocomplete sends it, or by exact title if typed by hand). */
export function resolveArticle(value: OptionValue | undefined, context: CommandContext, scope: Scope): Article | undefined {
  if (value === undefined || value === '') return undefined;
  const text = String(value).trim();
  // Another server's article is "unknown" here, exactly like a made-up id.
  const article = articleIn(context.index, text, scope) ?? articlesIn(context.index, scope).find((a) => fold(a.title) === fold(text));
  if (!article) {
    throw new UserError(`I don't know an article "${escapeText(truncate(text, 100))}". Pick one from the suggestions, or leave \`article\` empty.`);
  }
  return article;
}

/** Articles whose title or id contains what the user typed (all of them when nothing is typed yet). */
export function matchArticles(typed: OptionValue | undefined, context: CommandContext, scope: Scope): Article[] {
  const needle = fold(String(typed ?? '').trim());
  return articlesIn(context.index, scope).filter((a) => !needle || fold(a.title).includes(needle) || a.id.includes(needle));
}
