/**
 * Button custom_ids. Each carries everything its click needs (ids and page offsets, never state held in
 * memory), so a button keeps working after the bot restarts. Texts too long for 100 characters (the
 * question, the search query) are read back from the clicked message's embed instead.
 */
import { DISCORD_LIMITS } from './limits.js';

export type ButtonAction =
  /** Next page of an answer's further sources; `articleId` when the question was limited to one article. */
  | { kind: 'more'; offset: number; articleId?: string | undefined }
  /** Show one paragraph with its neighbours, as a new (ephemeral) message. */
  | { kind: 'para'; paragraphId: string }
  /** Move the shown paragraph to a neighbour, updating the message in place. */
  | { kind: 'pnav'; paragraphId: string }
  /** Another page of search results; `dir` only keeps Previous and Next ids distinct. */
  | { kind: 'search'; offset: number; dir: 'prev' | 'next' }
  /** 👍 / 👎 on an answer; `answerId` is the id the answer was stored under (the question's interaction id). */
  | { kind: 'vote'; value: 'up' | 'down'; answerId: string };

/** What an answer id looks like: a Discord snowflake (digits). Anything else in a vote custom_id is not ours. */
export const ANSWER_ID = /^\d{1,20}$/;

/** The custom_id for an action, or undefined when it would not fit in 100 characters (the button is then left out). */
export function encodeAction(action: ButtonAction): string | undefined {
  let id: string;
  switch (action.kind) {
    case 'more':
      id = `more:${action.offset}${action.articleId ? `:${action.articleId}` : ''}`;
      // Too long with the article filter: better a wider "more" than no button at all.
      if (id.length > DISCORD_LIMITS.customId) id = `more:${action.offset}`;
      break;
    case 'para':
    case 'pnav':
      id = `${action.kind}:${action.paragraphId}`;
      break;
    case 'search':
      id = `search:${action.offset}:${action.dir}`;
      break;
    case 'vote':
      if (!ANSWER_ID.test(action.answerId)) return undefined;
      id = `vote:${action.value}:${action.answerId}`;
      break;
  }
  return id.length <= DISCORD_LIMITS.customId ? id : undefined;
}

/** Parses a custom_id; undefined for anything we did not make (old formats, tampering). */
export function decodeAction(customId: string): ButtonAction | undefined {
  const colon = customId.indexOf(':');
  if (colon < 0) return undefined;
  const kind = customId.slice(0, colon);
  const rest = customId.slice(colon + 1);
  switch (kind) {
    case 'more': {
      const [offsetText = '', ...article] = rest.split(':');
      const offset = parseOffset(offsetText);
      if (offset === undefined) return undefined;
      return { kind, offset, articleId: article.length > 0 ? article.join(':') : undefined };
    }
    case 'para':
    case 'pnav':
      return rest ? { kind, paragraphId: rest } : undefined;
    case 'search': {
      const [offsetText = '', dir] = rest.split(':');
      const offset = parseOffset(offsetText);
      if (offset === undefined || (dir !== 'prev' && dir !== 'next')) return undefined;
      return { kind, offset, dir };
    }
    case 'vote': {
      const [value, answerId = '', ...extra] = rest.split(':');
      if ((value !== 'up' && value !== 'down') || !ANSWER_ID.test(answerId) || extra.length > 0) return undefined;
      return { kind, value, answerId };
    }
    default:
      return undefined;
  }
}

function parseOffset(text: string): number | undefined {
  if (!/^\d{1,6}$/.test(text)) return undefined;
  return Number(text);
}
