import { ApplicationCommandType, ContextMenuCommandBuilder } from 'discord.js';
import { renderAnswer } from '../reply/discord.js';
import { MAX_QUESTION, requiredText, scopeOfRequest } from './input.js';
import { UserError, type Command } from './types.js';
import { keepForVotes } from './vote.js';

/**
 * Message context menu "Ask the article": the selected message's text is the question. Discord sends the
 * target message in the interaction itself, so no Message Content intent is needed.
 */
export const askMessage = {
  data: new ContextMenuCommandBuilder().setName('Ask the article').setType(ApplicationCommandType.Message),

  execute(request, context) {
    if (!request.targetMessage?.content.trim()) throw new UserError('That message has no text I could ask about.');
    const question = requiredText(request.targetMessage.content, 'question', MAX_QUESTION);
    const answer = context.qa.ask(context.index, question, { scope: scopeOfRequest(request) });
    return { type: 4, data: renderAnswer(answer, { voteId: keepForVotes(request, answer, context) }) };
  },
} satisfies Command;
