/**
 * Answers and search results as Discord messages: embeds, buttons, `allowed_mentions: { parse: [] }`.
 * Text we did not write is escaped (`escape.ts`) and everything is fitted to Discord's limits (`limits.ts`).
 * Pure functions of their input: the same Answer always renders the same message.
 */
import type { APIActionRowComponent, APIButtonComponentWithCustomId, APIEmbed, APIEmbedField } from 'discord.js';
import { ownerOf } from '../corpus/scope.js';
import type { Article, Corpus, Paragraph } from '../corpus/types.js';
import type { SearchPage } from '../index/searchPassages.js';
import type { Answer, Citation, Highlight } from '../qa/types.js';
import { encodeAction, type ButtonAction } from './customIds.js';
import { escapeText, unescapeText } from './escape.js';
import type { MessageData } from './message.js';
import { DISCORD_LIMITS, ELLIPSIS, fitMessage, truncate, truncateStart } from './limits.js';

export const EPHEMERAL = 64;
export const NO_MENTIONS = { parse: [] as [] };
const COLOR = { answer: 0x2b8a3e, none: 0x868e96, search: 0x1c7ed6, passage: 0x5f3dc4 } as const;
/** Further sources shown per "More sources" click. */
export const MORE_PAGE = 3;
/** Search results per page. */
export const SEARCH_PAGE = 5;
/** Raw characters of a neighbouring paragraph shown as context. */
const NEIGHBOUR_CHARS = 400;

// The first line of the embed description holds the question (or query): the recovery anchor for buttons.
const QUESTION_LINE = '**Q:** ';
const QUERY_LINE = '**Search:** ';

/** A one-line version of user text: questions and queries never need line breaks. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The reply to a question: short answer (or "the article doesn't say"), cited passages, confidence, buttons.
 * With `voteId` (the id the answer was stored under), a row of 👍 / 👎 buttons follows the source buttons.
 */
export function renderAnswer(answer: Answer, options: { articleId?: string; ephemeral?: boolean; voteId?: string | undefined } = {}): MessageData {
  const question = oneLine(answer.question);
  const lines = [QUESTION_LINE + escapeText(question)];
  if (answer.answer !== null) lines.push(`**A:** ${escapeText(answer.answer)}`);
  else if (answer.citations.length > 0) lines.push("**The article doesn't say.** These are the closest passages:");
  else lines.push("**The article doesn't say**, and no passage comes close.");
  const embed: APIEmbed = {
    title: answer.answer !== null ? 'Answer' : "The article doesn't say",
    color: answer.answer !== null ? COLOR.answer : COLOR.none,
    description: lines.join('\n'),
    fields: answer.citations.map((c, i) => citationField(c, i + 1)),
    footer: { text: `Confidence ${Math.round(answer.confidence * 100)}%${answer.answer === null ? ' (too low to answer)' : ''}` },
  };
  // Nothing cited and nothing more: no buttons at all rather than a row of disabled ones.
  const buttons =
    answer.citations.length === 0 && answer.more.length === 0
      ? []
      : [
          button(`More sources${answer.more.length > 0 ? ` (${answer.more.length})` : ''}`, { kind: 'more', offset: 0, articleId: options.articleId }, answer.more.length === 0),
          answer.citations[0] ? button('Full paragraph', { kind: 'para', paragraphId: answer.citations[0].id }) : undefined,
        ];
  const votes = options.voteId ? voteRow(options.voteId) : [];
  return message({ embeds: [embed], components: [...rows(buttons), ...votes], ephemeral: options.ephemeral });
}

/** 👍 and 👎 on their own row (left out if the id cannot be carried). */
function voteRow(answerId: string): APIActionRowComponent<APIButtonComponentWithCustomId>[] {
  const vote = (value: 'up' | 'down', emoji: string): APIButtonComponentWithCustomId | undefined => {
    const custom_id = encodeAction({ kind: 'vote', value, answerId });
    return custom_id ? { type: 2, style: 2, emoji: { name: emoji }, custom_id } : undefined;
  };
  return rows([vote('up', '👍'), vote('down', '👎')]);
}

/** One page of an answer's further sources (`more[offset…]`), with a button for the page after. */
export function renderMoreSources(answer: Answer, offset: number, articleId?: string): MessageData {
  const page = answer.more.slice(offset, offset + MORE_PAGE);
  const embed: APIEmbed = {
    title: 'More sources',
    color: COLOR.none,
    description: [
      QUESTION_LINE + escapeText(oneLine(answer.question)),
      page.length > 0
        ? `Sources ${offset + 1}–${offset + page.length} of ${answer.more.length} beyond the cited ones.`
        : 'No further sources.',
    ].join('\n'),
    fields: page.map((c, i) => citationField(c, offset + i + 1 + answer.citations.length)),
  };
  const next = offset + MORE_PAGE;
  const buttons = next < answer.more.length ? [button('More sources', { kind: 'more', offset: next, articleId })] : [];
  return message({ embeds: [embed], components: rows(buttons), ephemeral: true });
}

/** One page of search results, numbered from `offset + 1`, with Previous / Next buttons. */
export function renderSearch(query: string, result: SearchPage, offset: number, options: { ephemeral?: boolean } = {}): MessageData {
  const first = offset + 1;
  const last = offset + result.hits.length;
  const embed: APIEmbed = {
    title: 'Search results',
    color: COLOR.search,
    description: [
      QUERY_LINE + escapeText(oneLine(query)),
      result.hits.length > 0 ? `Results ${first}–${last} of ${result.total}` : offset > 0 ? 'No more results.' : 'No passage matches.',
    ].join('\n'),
    fields: result.hits.map((hit, i) => ({
      name: `${first + i}. ${escapeText(hit.article.title)} — ¶${hit.paragraph.number}`,
      value: `${quote(hit.paragraph.text, [], 700)}\n\`${hit.paragraph.id}\``,
    })),
  };
  const buttons =
    result.total > SEARCH_PAGE
      ? [
          button('Previous', { kind: 'search', offset: Math.max(0, offset - SEARCH_PAGE), dir: 'prev' }, offset === 0),
          button('Next', { kind: 'search', offset: offset + SEARCH_PAGE, dir: 'next' }, offset + SEARCH_PAGE >= result.total),
        ]
      : [];
  return message({ embeds: [embed], components: rows(buttons), ephemeral: options.ephemeral });
}

/** One passage with the end of the paragraph before it and the start of the one after, and buttons to move. */
export function renderPassage(paragraph: Paragraph, article: Article, options: { ephemeral?: boolean } = {}): MessageData {
  const before = article.paragraphs.find((p) => p.number === paragraph.number - 1);
  const after = article.paragraphs.find((p) => p.number === paragraph.number + 1);
  const source = sourceLine(article);
  const head = paragraph.heading ? `*${escapeText(paragraph.heading)}*\n` : '';
  const tail = `\n\n${source ? `${source} · ` : ''}\`${paragraph.id}\``;
  const fields: APIEmbedField[] = [];
  if (before) fields.push({ name: `Before — ¶${before.number}`, value: escapeText(truncateStart(before.text, NEIGHBOUR_CHARS)) });
  if (after) fields.push({ name: `After — ¶${after.number}`, value: escapeText(truncate(after.text, NEIGHBOUR_CHARS)) });
  const embed: APIEmbed = {
    title: `${escapeText(article.title)} — ¶${paragraph.number}`,
    color: COLOR.passage,
    description: head + quote(paragraph.text, [], DISCORD_LIMITS.embedDescription - head.length - tail.length) + tail,
    fields,
  };
  const buttons = [
    before ? button(`◀ ¶${before.number}`, { kind: 'pnav', paragraphId: before.id }) : undefined,
    after ? button(`¶${after.number} ▶`, { kind: 'pnav', paragraphId: after.id }) : undefined,
  ];
  return message({ embeds: [embed], components: rows(buttons), ephemeral: options.ephemeral });
}

/** The indexed articles, one line each, as many as fit. */
export function renderSources(corpus: Pick<Corpus, 'articles'>): MessageData {
  const lines = corpus.articles.map((a, i) => {
    const facts = [a.source ? escapeText(a.source) : undefined, a.published, `${a.paragraphs.length} passages`, `\`${a.id}\``, ownerOf(a.id) ? 'added in this server' : undefined];
    const title = a.url && isLinkable(a.url) ? `[${escapeText(a.title)}](${a.url})` : escapeText(a.title);
    return `${i + 1}. **${title}** — ${facts.filter(Boolean).join(' · ')}`;
  });
  const embed: APIEmbed = {
    title: `Indexed articles (${corpus.articles.length})`,
    color: COLOR.search,
    description: lines.length > 0 ? fitLines(lines, DISCORD_LIMITS.embedDescription) : 'No articles are indexed yet.',
  };
  return message({ embeds: [embed] });
}

/** What the bot does, with examples. */
export function renderHelp(): MessageData {
  const embed: APIEmbed = {
    title: 'Article Q&A',
    color: COLOR.search,
    description:
      'I answer questions about the indexed news articles by quoting them. Every answer cites the passage it came from, ' +
      "with the answer in **bold**; when an article doesn't say, I say so and show the closest passages instead of guessing.",
    fields: [
      { name: '/ask question: [article:] [private:]', value: 'Ask a question, e.g. `/ask question: Who met whom?` or `/ask question: When did the meeting take place?`. `private: True` shows the answer only to you.' },
      { name: '/search query:', value: 'Find passages, e.g. `/search query: electric vehicle`. Suggestions appear as you type.' },
      { name: '/passage id:', value: 'Show one passage with its neighbours, e.g. `/passage id: <pick a suggestion>`.' },
      { name: '/sources', value: 'List the indexed articles.' },
      { name: 'Apps → Ask the article', value: 'Right-click (or long-press) a message and ask its text as a question.' },
      { name: '/article add url: · /article remove article:', value: "Server managers: index a news article from the web for this server only, or remove one of this server's own." },
      { name: '/help', value: 'This message.' },
    ],
  };
  return message({ embeds: [embed], ephemeral: true });
}

/** A short text reply, ephemeral unless said otherwise (errors, cooldown notices). */
export function renderNotice(text: string, options: { ephemeral?: boolean } = {}): MessageData {
  return message({ content: text, ephemeral: options.ephemeral ?? true });
}

/** The question an answer (or "More sources") message was for, read back from its embed. */
export function questionFromEmbeds(embeds: APIEmbed[]): string | undefined {
  return readLine(embeds, QUESTION_LINE);
}

/** The query a search results message was for, read back from its embed. */
export function queryFromEmbeds(embeds: APIEmbed[]): string | undefined {
  return readLine(embeds, QUERY_LINE);
}

function readLine(embeds: APIEmbed[], prefix: string): string | undefined {
  const first = embeds[0]?.description?.split('\n')[0];
  if (!first?.startsWith(prefix)) return undefined;
  // Questions are at most 300 characters and sit first in the description, so this line is never truncated.
  return unescapeText(first.slice(prefix.length)) || undefined;
}

/** A cited passage as an embed field: title and paragraph number, the quote with the answer bold, source and id. */
function citationField(citation: Citation, n: number): APIEmbedField {
  const name = `[${n}] ${escapeText(citation.articleTitle)} — ¶${citation.paragraph}`;
  const source = sourceLine(citation);
  const tail = `\n${source ? `${source} · ` : ''}\`${citation.id}\``;
  return { name, value: quote(citation.text, citation.highlights, DISCORD_LIMITS.fieldValue - tail.length) + tail };
}

/** `— [Source](url)`, `— Source`, or '' when we know neither. */
function sourceLine(meta: { source?: string | undefined; url?: string | undefined }): string {
  const label = escapeText(meta.source ?? 'Source');
  if (meta.url && isLinkable(meta.url)) return `— [${label}](${meta.url})`;
  return meta.source ? `— ${label}` : '';
}

/** Only plain http(s) URLs become links; anything that could break out of `(...)` stays unlinked. */
function isLinkable(url: string): boolean {
  return /^https?:\/\/[^\s()<>]+$/i.test(url);
}

/**
 * `text` as a block quote of at most `max` characters, its highlights in bold. When it is too long, the
 * window is centred on the first highlight and cut at word boundaries, with ellipses where text was left out.
 */
export function quote(text: string, highlights: Highlight[], max: number): string {
  const spans = normalise(highlights, text.length);
  let budget = text.length;
  for (;;) {
    const [start, end] = window(text, spans, budget);
    const body = (start > 0 ? ELLIPSIS : '') + formatRange(text, spans, start, end) + (end < text.length ? ELLIPSIS : '');
    const quoted = `> ${body.replace(/\n/g, '\n> ')}`;
    if (quoted.length <= max || budget <= 1) return quoted.length <= max ? quoted : truncate(quoted, max);
    // Escapes and markers grow the text: shrink the raw budget by the overshoot and try again.
    budget = Math.max(1, Math.min(budget - 1, budget - (quoted.length - max)));
  }
}

/** Sorted, clipped, merged highlights. */
function normalise(highlights: Highlight[], length: number): Highlight[] {
  const sorted = highlights
    .map((h) => ({ start: Math.max(0, Math.min(length, h.start)), end: Math.max(0, Math.min(length, h.end)) }))
    .filter((h) => h.end > h.start)
    .sort((a, b) => a.start - b.start);
  const merged: Highlight[] = [];
  for (const h of sorted) {
    const last = merged.at(-1);
    if (last && h.start <= last.end) last.end = Math.max(last.end, h.end);
    else merged.push({ ...h });
  }
  return merged;
}

/** A raw range of at most `budget` characters, at word boundaries, containing the first highlight if possible. */
function window(text: string, spans: Highlight[], budget: number): [number, number] {
  if (text.length <= budget) return [0, text.length];
  const focus = spans[0];
  let start = 0;
  if (focus && focus.end > budget) {
    // Leave a third of the spare room before the highlight, two thirds after: readers read on.
    const spare = Math.max(0, budget - (focus.end - focus.start));
    start = Math.max(0, Math.min(focus.start - Math.floor(spare / 3), text.length - budget));
  }
  let end = Math.min(text.length, start + budget);
  if (start > 0) {
    const space = text.indexOf(' ', start);
    if (space >= 0 && space + 1 <= (focus?.start ?? end) && space + 1 < end) start = space + 1;
  }
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    const keep = focus && focus.end <= end ? focus.end : start;
    if (space > keep) end = space;
  }
  return [start, end];
}

/** Escaped text of `[start, end)` with the highlighted parts wrapped in `**`. */
function formatRange(text: string, spans: Highlight[], start: number, end: number): string {
  let out = '';
  let at = start;
  for (const span of spans) {
    const s = Math.max(span.start, start);
    const e = Math.min(span.end, end);
    if (e <= s) continue;
    out += escapeText(text.slice(at, s)) + `**${escapeText(text.slice(s, e))}**`;
    at = e;
  }
  return out + escapeText(text.slice(at, end));
}

/** As many whole lines as fit in `max`, then a note of how many were left out. */
function fitLines(lines: string[], max: number): string {
  const kept: string[] = [];
  let length = 0;
  for (const [i, line] of lines.entries()) {
    const note = `\n…and ${lines.length - i} more`;
    const fitted = truncate(line, max - note.length);
    if (length + fitted.length + 1 + note.length > max) {
      kept.push(note.trim());
      break;
    }
    kept.push(fitted);
    length += fitted.length + 1;
  }
  return kept.join('\n');
}

function button(label: string, action: ButtonAction, disabled = false): APIButtonComponentWithCustomId | undefined {
  const custom_id = encodeAction(action);
  if (!custom_id) return undefined;
  return { type: 2, style: 2, label, custom_id, ...(disabled ? { disabled: true } : {}) };
}

function rows(buttons: Array<APIButtonComponentWithCustomId | undefined>): APIActionRowComponent<APIButtonComponentWithCustomId>[] {
  const present = buttons.filter((b): b is APIButtonComponentWithCustomId => b !== undefined);
  const out: APIActionRowComponent<APIButtonComponentWithCustomId>[] = [];
  for (let i = 0; i < present.length; i += DISCORD_LIMITS.buttonsPerRow) {
    out.push({ type: 1, components: present.slice(i, i + DISCORD_LIMITS.buttonsPerRow) });
  }
  return out;
}

function message(parts: { content?: string; embeds?: APIEmbed[]; components?: APIActionRowComponent<APIButtonComponentWithCustomId>[]; ephemeral?: boolean | undefined }): MessageData {
  const data: MessageData = { allowed_mentions: NO_MENTIONS };
  if (parts.content !== undefined) data.content = parts.content;
  if (parts.embeds) data.embeds = parts.embeds;
  if (parts.components) data.components = parts.components;
  if (parts.ephemeral) data.flags = EPHEMERAL;
  return fitMessage(data);
}
