import type { Article, Corpus, Paragraph } from '../corpus/types.js';
import type { SearchPage } from '../index/searchPassages.js';
import type { Answer, Citation, Highlight } from '../qa/types.js';

/**
 * Plain-text renderings for the terminal: the same content the Discord embeds show, with the answer
 * marked by `**…**` (readable as emphasis in a terminal, and the same markers Discord uses for bold).
 */

export function renderAnswerText(answer: Answer): string {
  const lines: string[] = [];
  if (answer.answer !== null) {
    lines.push(`Answer: ${answer.answer}`);
    lines.push(`(${answer.answerType}, confidence ${Math.round(answer.confidence * 100)}%)`);
  } else {
    lines.push("The article doesn't say.");
    if (answer.citations.length) lines.push('Closest passages:');
  }
  for (const [i, citation] of answer.citations.entries()) {
    lines.push('', `[${i + 1}] ${citationHeading(citation)}`);
    lines.push(quote(mark(citation.text, citation.highlights)));
  }
  if (answer.answer === null && answer.citations.length === 0) lines.push('No passage comes close to this question.');
  return lines.join('\n');
}

export function citationHeading(citation: Pick<Citation, 'articleTitle' | 'paragraph' | 'source' | 'url'>): string {
  const where = [citation.source, citation.url].filter(Boolean).join(', ');
  return `${citation.articleTitle}, paragraph ${citation.paragraph}${where ? ` (${where})` : ''}`;
}

/** Wraps each highlighted range in `**`. */
export function mark(text: string, highlights: Highlight[]): string {
  let out = '';
  let at = 0;
  for (const h of [...highlights].sort((a, b) => a.start - b.start)) {
    if (h.start < at) continue;
    out += `${text.slice(at, h.start)}**${text.slice(h.start, h.end)}**`;
    at = h.end;
  }
  return out + text.slice(at);
}

function quote(text: string): string {
  return wrap(text, 96).map((line) => `  > ${line}`).join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

export function renderSearchText(query: string, page: SearchPage, offset = 0): string {
  if (page.hits.length === 0) return `No passage matches "${query}".`;
  const lines = [`${page.total} passage${page.total === 1 ? '' : 's'} match "${query}":`];
  for (const [i, hit] of page.hits.entries()) {
    lines.push('', `${offset + i + 1}. ${hit.article.title}, paragraph ${hit.paragraph.number} [${hit.paragraph.id}]`);
    lines.push(quote(hit.paragraph.text));
  }
  return lines.join('\n');
}

export function renderPassageText(article: Article, paragraph: Paragraph): string {
  const lines = [`${article.title}, paragraph ${paragraph.number} of ${article.paragraphs.length}${article.source ? ` (${article.source})` : ''}`];
  if (paragraph.heading) lines.push(`Section: ${paragraph.heading}`);
  lines.push(quote(paragraph.text));
  return lines.join('\n');
}

export function renderSourcesText(corpus: Pick<Corpus, 'articles'>): string {
  if (corpus.articles.length === 0) return 'No articles are indexed.';
  const lines = [`${corpus.articles.length} article${corpus.articles.length === 1 ? '' : 's'} indexed:`];
  for (const article of corpus.articles) {
    const details = [article.source, article.published, `${article.paragraphs.length} passages`].filter(Boolean).join(' · ');
    lines.push(`- ${article.title} [${article.id}] — ${details}${article.url ? `\n  ${article.url}` : ''}`);
  }
  return lines.join('\n');
}

export const HELP_TEXT = [
  'I answer questions about the indexed news articles, quoting the passages I found.',
  '',
  'Commands:',
  '  /ask <question>      a short answer from the article, with the passages it comes from',
  '  /search <words>      the passages that mention these words',
  '  /passage <id>        one passage, e.g. /passage indonesia-japan-automotive#p3',
  '  /sources             the articles I know',
  '  /help                this text',
  '',
  'Anything else you type is asked as a question. Examples:',
  '  who met whom?',
  '  what ratio was cited?',
  '  when will they meet again?',
  '',
  "When the article doesn't say, I tell you so and show the closest passages instead of guessing.",
].join('\n');
