import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCommandContext } from '../src/commands/index.js';
import type { CommandContext, CommandRequest, ComponentRequest, InteractionReply, QaService } from '../src/commands/types.js';
import { loadCorpus } from '../src/corpus/loadCorpus.js';
import { buildIndex, type SearchIndex } from '../src/index/buildIndex.js';
import { createLogger } from '../src/logger.js';
import type { Answer, Citation } from '../src/qa/types.js';
import type { MessageData } from '../src/reply/message.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DATA_DIR = path.join(ROOT, 'data');

let cached: Promise<SearchIndex> | undefined;
/** The index over the bundled article(s), built once per test file. */
export function bundledIndex(): Promise<SearchIndex> {
  cached ??= loadCorpus(DATA_DIR).then((corpus) => buildIndex(corpus));
  return cached;
}

/** A citation of a real paragraph, with `bold` (a substring of it) highlighted. */
export function citationOf(index: SearchIndex, paragraphId: string, bold?: string): Citation {
  const paragraph = index.corpus.paragraphById.get(paragraphId);
  if (!paragraph) throw new Error(`no paragraph ${paragraphId}`);
  const article = index.corpus.articleById.get(paragraph.articleId)!;
  const start = bold ? paragraph.text.indexOf(bold) : -1;
  if (bold && start < 0) throw new Error(`"${bold}" is not in ${paragraphId}`);
  return {
    id: paragraph.id,
    articleId: article.id,
    articleTitle: article.title,
    paragraph: paragraph.number,
    text: paragraph.text,
    source: article.source,
    url: article.url,
    highlights: bold ? [{ start, end: start + bold.length }] : [],
    score: 1,
  };
}

export interface Recorded {
  context: CommandContext;
  /** Every question passed to qa.ask, with its options. */
  asked: Array<{ question: string; articleId?: string | undefined }>;
  logs: Array<Record<string, unknown>>;
}

/**
 * A handler context over the real index. `answer` pins what qa.ask returns (so rendering is tested on a
 * known Answer); search and suggestions use the real index unless overridden.
 */
export function recordingContext(
  index: SearchIndex,
  options: { answer?: (question: string) => Answer; qa?: Partial<QaService>; cooldown?: { maxRequests: number; windowMs: number }; now?: () => number } = {},
): Recorded {
  const asked: Recorded['asked'] = [];
  const logs: Recorded['logs'] = [];
  const base = createCommandContext({
    index,
    logger: createLogger({ level: 'debug', write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) }),
    cooldown: options.cooldown ?? { maxRequests: 0, windowMs: 1000 },
    ...(options.now ? { now: options.now } : {}),
  });
  const qa: QaService = {
    ...base.qa,
    ...options.qa,
    ask(idx, question, askOptions) {
      asked.push({ question, articleId: askOptions?.articleId });
      return options.answer ? options.answer(question) : base.qa.ask(idx, question, askOptions);
    },
  };
  return { context: { ...base, qa }, asked, logs };
}

let nextId = 1;
export function command(name: string, options: CommandRequest['options'] = {}, extra: Partial<CommandRequest> = {}): CommandRequest {
  return { id: String(nextId++), kind: 'command', userId: '1001', guildId: '2002', name, options, ...extra };
}

export function click(customId: string, embeds: ComponentRequest['message']['embeds'] = [], userId = '1001'): ComponentRequest {
  return { id: String(nextId++), kind: 'component', userId, customId, message: { id: '3003', content: '', embeds } };
}

/** The message a reply carries (commands and buttons reply with a message, never autocomplete choices). */
export function data(reply: InteractionReply): MessageData {
  if (reply.type === 8) throw new Error('expected a message reply');
  return reply.data;
}

/** Every button under a message, row after row. */
export const buttons = (d: MessageData) => d.components?.flatMap((row) => row.components) ?? [];
