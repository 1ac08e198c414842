import { SlashCommandBuilder } from 'discord.js';
import type { Article, Paragraph } from '../corpus/types.js';
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
    const { paragraph, article } = findPassage(String(request.options.id ?? '').trim(), context);
    return { type: 4, data: renderPassage(paragraph, article) };
  },

  autocomplete(request, context) {
    const typed = String(request.options[request.focused] ?? '').trim();
    const { corpus } = context.index;
    if (!typed) {
      return corpus.articles.flatMap((a) => a.paragraphs.map((p) => ({ name: `${a.title} ¶${p.number}: ${p.text}`, value: p.id }))).slice(0, 25);
    }
    // Someone typing an id gets ids; anyone else gets passages matching their words.
    const byId = [...corpus.paragraphById.values()].filter((p) => p.id.startsWith(typed)).slice(0, 25);
    if (byId.length > 0) return byId.map((p) => ({ name: `${p.id}: ${p.text}`, value: p.id }));
    return context.qa.suggest(context.index, typed, 25).map((s) => ({ name: s.label, value: s.paragraphId }));
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
        const { paragraph, article } = findPassage(action.paragraphId, context);
        return action.kind === 'para'
          ? { type: 4, data: renderPassage(paragraph, article, { ephemeral: true }) }
          : { type: 7, data: renderPassage(paragraph, article) };
      },
    }) satisfies ComponentHandler,
);

function findPassage(id: string, context: CommandContext): { paragraph: Paragraph; article: Article } {
  const paragraph = context.index.corpus.paragraphById.get(id);
  const article = paragraph && context.index.corpus.articleById.get(paragraph.articleId);
  if (!paragraph || !article) {
    throw new UserError(`There is no passage "${escapeText(truncate(id, 100))}" (any more). Pick one from the suggestions of /passage.`);
  }
  return { paragraph, article };
}
