import { SlashCommandBuilder } from 'discord.js';
import type { Scope } from '../corpus/scope.js';
import type { Article, Paragraph } from '../corpus/types.js';
import { articlesIn, passageIn } from '../index/searchPassages.js';
import { scopeOfRequest } from './input.js';
import { decodeAction } from '../reply/customIds.js';
import { renderPassage } from '../reply/discord.js';
import { escapeText } from '../reply/escape.js';
import { truncate } from '../reply/limits.js';
import { UserError, type Command, type CommandContext, type ComponentHandler } from './types.js';

/** `/passage id:`: one passage with the paragraphs around it. Autocomplete suggests passages as you type. */
export const passage = {
  data: new SlashCommandBuilder()
    .setName('passage')
    .setDescription('Show one passage with its context.')
    .addStringOption((o) => o.setName('id').setDescription('The passage (pick a suggestion)').setRequired(true).setAutocomplete(true)),

  execute(request, context) {
    const { paragraph, article } = findPassage(String(request.options.id ?? '').trim(), context, scopeOfRequest(request));
    return { type: 4, data: renderPassage(paragraph, article) };
  },

  autocomplete(request, context) {
    const typed = String(request.options[request.focused] ?? '').trim();
    const scope = scopeOfRequest(request);
    const articles = articlesIn(context.index, scope);
    if (!typed) {
      return articles.flatMap((a) => a.paragraphs.map((p) => ({ name: `${a.title} ¶${p.number}: ${p.text}`, value: p.id }))).slice(0, 25);
    }
    // Someone typing an id gets ids; anyone else gets passages matching their words.
    const byId = articles.flatMap((a) => a.paragraphs.filter((p) => p.id.startsWith(typed))).slice(0, 25);
    if (byId.length > 0) return byId.map((p) => ({ name: `${p.id}: ${p.text}`, value: p.id }));
    return context.qa.suggest(context.index, typed, 25, scope).map((s) => ({ name: s.label, value: s.paragraphId }));
  },
} satisfies Command;

/** "Full paragraph" (new ephemeral message) and the ◀ ▶ neighbour buttons (update in place). */
export const passageButtons = ['para', 'pnav'].map(
  (prefix) =>
    ({
      prefix,
      handle(request, context) {
        const action = decodeAction(request.customId);
        if (action?.kind !== 'para' && action?.kind !== 'pnav') throw new UserError('This button is not one I understand any more.');
        const { paragraph, article } = findPassage(action.paragraphId, context, scopeOfRequest(request));
        return action.kind === 'para'
          ? { type: 4, data: renderPassage(paragraph, article, { ephemeral: true }) }
          : { type: 7, data: renderPassage(paragraph, article) };
      },
    }) satisfies ComponentHandler,
);

/** A passage the asker's scope holds; anything else (made up, removed, another server's) gets the same notice. */
function findPassage(id: string, context: CommandContext, scope: Scope): { paragraph: Paragraph; article: Article } {
  const found = passageIn(context.index, id, scope);
  if (found) return found;
  throw new UserError(`There is no passage "${escapeText(truncate(id, 100))}" (any more). Pick one from the suggestions of /passage.`);
}
