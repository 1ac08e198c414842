import { SlashCommandBuilder } from 'discord.js';
import { questionFromEmbeds, renderAnswer, renderMoreSources } from '../reply/discord.js';
import { decodeAction } from '../reply/customIds.js';
import { articleIn } from '../index/searchPassages.js';
import { MAX_QUESTION, matchArticles, requiredText, resolveArticle, scopeOfRequest } from './input.js';
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
    const scope = scopeOfRequest(request);
    const article = resolveArticle(request.options.article, context, scope);
    const answer = context.qa.ask(context.index, question, { articleId: article?.id, scope });
    const voteId = keepForVotes(request, answer, context);
    return { type: 4, data: renderAnswer(answer, { articleId: article?.id, ephemeral: request.options.private === true, voteId }) };
  },

  autocomplete(request, context) {
    return matchArticles(request.options[request.focused], context, scopeOfRequest(request)).map((a) => ({ name: a.title, value: a.id }));
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
    const scope = scopeOfRequest(request);
    // A custom_id naming an article outside the clicker's scope is treated as naming none.
    const articleId = action.articleId && articleIn(context.index, action.articleId, scope) ? action.articleId : undefined;
    const answer = context.qa.ask(context.index, question, { articleId, scope });
    return { type: 4, data: renderMoreSources(answer, action.offset, articleId) };
  },
} satisfies ComponentHandler;
