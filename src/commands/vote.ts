/**
 * 👍 / 👎 under every answer. The answer is stored when it is given, under the question's interaction id;
 * the buttons carry that id, so a click names the answer without the bot holding anything in memory, and
 * a vote still counts after a restart. One vote per user per answer: the other button replaces it, the
 * same button again changes nothing. The acknowledgement is ephemeral and comes after the commit.
 */
import { decodeAction, ANSWER_ID } from '../reply/customIds.js';
import { renderNotice } from '../reply/discord.js';
import type { Answer } from '../qa/types.js';
import type { VoteOutcome } from '../feedback/types.js';
import { UserError, type CommandContext, type ComponentHandler, type RequestBase } from './types.js';

/** Stores the answer for voting; the id to put on its buttons, or undefined (no buttons) when voting is off. */
export function keepForVotes(request: RequestBase, answer: Answer, context: CommandContext): string | undefined {
  if (!ANSWER_ID.test(request.id)) return undefined;
  return context.feedback.recordAnswer({ id: request.id, guildId: request.guildId, answer, at: context.now() });
}

export const NOT_A_VOTE = "This vote button is not one I understand. Ask again with /ask and vote on that answer.";
export const UNKNOWN_ANSWER = "I have no record of that answer, so I can't count this vote. Ask again with /ask and vote on the new answer.";
export const VOTING_OFF = "Voting is turned off right now, so I couldn't record that. Answers still work as usual.";

const THANKS: Record<Exclude<VoteOutcome, 'unknown-answer' | 'unavailable'>, Record<'up' | 'down', string>> = {
  recorded: { up: 'Thanks! Your 👍 is recorded.', down: 'Thanks! Your 👎 is recorded; it helps find the answers to fix.' },
  changed: { up: 'Changed your vote to 👍.', down: 'Changed your vote to 👎.' },
  unchanged: { up: 'You already gave this answer a 👍; nothing changed.', down: 'You already gave this answer a 👎; nothing changed.' },
};

export const vote = {
  prefix: 'vote',
  handle(request, context) {
    const action = decodeAction(request.customId);
    if (action?.kind !== 'vote') throw new UserError(NOT_A_VOTE);
    const outcome = context.feedback.vote({
      answerId: action.answerId,
      guildId: request.guildId,
      userId: request.userId,
      value: action.value,
      at: context.now(),
    });
    if (outcome === 'unknown-answer') throw new UserError(UNKNOWN_ANSWER);
    if (outcome === 'unavailable') throw new UserError(VOTING_OFF);
    return { type: 4, data: renderNotice(THANKS[outcome][action.value]) };
  },
} satisfies ComponentHandler;
