import { SlashCommandBuilder } from 'discord.js';
import { questionFromEmbeds, renderAnswer, renderMoreSources } from '../reply/discord.js';
import { decodeAction } from '../reply/customIds.js';
import { MAX_QUESTION, matchArticles, requiredText, resolveArticle } from './input.js';
import { UserError, type Command, type ComponentHandler } from './types.js';
import { keepForVotes } from './vote.js';

/** `/ask question: [article:] [private:]`: a short answer quoted from the articles, with its citations. */
export const ask = {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask a question about the articles; the answer quotes and cites them.')
    .addStringOption((o) => o.setName('question').setDescription('Your question').setRequired(true).setMaxLength(MAX_QUESTION))
    .addStringOption((o) => o.setName('article').setDescription('Only look in this article').setAutocomplete(true))
    .addBooleanOption((o) => o.setName('private').setDescription('Show the answer only to you')),

  execute(request, context) {
    const question = requiredText(request.options.question, 'question', MAX_QUESTION);
    const article = resolveArticle(request.options.article, context);
    const answer = context.qa.ask(context.index, question, { articleId: article?.id });
    const voteId = keepForVotes(request, answer, context);
    return { type: 4, data: renderAnswer(answer, { articleId: article?.id, ephemeral: request.options.private === true, voteId }) };
  },

  autocomplete(request, context) {
    return matchArticles(request.options[request.focused], context).map((a) => ({ name: a.title, value: a.id }));
  },
} satisfies Command;

/** "More sources": re-asks the question read back from the clicked message and shows the next page of sources. */
export const moreSources = {
  prefix: 'more',
  handle(request, context) {
    const action = decodeAction(request.customId);
    if (action?.kind !== 'more') throw new UserError('This button is not one I understand any more. Ask again with /ask.');
    const question = questionFromEmbeds(request.message.embeds);
    if (!question) throw new UserError("I can't find the question on that message any more. Ask again with /ask.");
    const articleId = action.articleId && context.index.corpus.articleById.has(action.articleId) ? action.articleId : undefined;
    const answer = context.qa.ask(context.index, question, { articleId });
    return { type: 4, data: renderMoreSources(answer, action.offset, articleId) };
  },
} satisfies ComponentHandler;
