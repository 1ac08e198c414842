import { parseFrontMatter } from './frontMatter.js';
import { splitSentences, splitStatements } from './sentences.js';
import type { Article, Paragraph, Sentence } from './types.js';

export type ParseResult = { ok: true; article: Article } | { ok: false; message: string };

/** An article id is its file name without extension, kept to characters that are safe in ids and custom_ids. */
export function articleIdFromFileName(fileName: string): string {
  return fileName
    .replace(/\.md$/i, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'article';
}

/**
 * Parses one article file's text: front matter, then paragraphs separated by blank lines. A paragraph
 * whose first line starts with `#` is a section heading: it labels the paragraphs after it and is not
 * itself a passage. Line breaks inside a paragraph are joined with a space.
 */
export function parseArticle(id: string, raw: string, file?: string): ParseResult {
  const front = parseFrontMatter(raw);
  if (!front.ok) return front;
  const paragraphs: Paragraph[] = [];
  let heading: string | undefined;
  const blocks = /(?:[^\n]*\S[^\n]*(?:\r?\n|$))+/g;
  for (const block of front.body.matchAll(blocks)) {
    const lines = block[0].split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    if (lines.length === 0) continue;
    if (lines[0]!.startsWith('#')) {
      heading = detach(lines[0]!.replace(/^#+\s*/, '').trim()) || undefined;
      // Lines under a heading in the same block still form a paragraph.
      lines.shift();
      if (lines.length === 0) continue;
    }
    // Flat copies: a regex replace builds its result from slices of the raw file, which V8 keeps as a tree of
    // views (measured: ~10 KB of heap per paragraph until something flattens it).
    const text = detach(lines.join(' ').replace(/\s+/g, ' '));
    const start = front.bodyOffset + (block.index ?? 0);
    paragraphs.push(makeParagraph(id, paragraphs.length + 1, heading, text, start, start + block[0].trimEnd().length));
  }
  if (paragraphs.length === 0) return { ok: false, message: 'has no paragraphs after its front matter' };
  const meta = Object.fromEntries(Object.entries(front.meta).map(([k, v]) => [k, typeof v === 'string' ? detach(v) : v])) as typeof front.meta;
  return { ok: true, article: { id, file, ...meta, paragraphs } };
}

/**
 * A paragraph whose sentences are split on first use: splitting is a third of parsing time, and a large
 * archive only ever reads the sentences of the few paragraphs a question retrieves. Used by the parser
 * and by the index cache, which restores paragraphs without their sentences.
 */
export function makeParagraph(articleId: string, number: number, heading: string | undefined, text: string, start: number, end: number): Paragraph {
  const id = `${articleId}#p${number}`;
  let sentences: Sentence[] | undefined;
  let statements: Sentence[] | undefined;
  return {
    id,
    articleId,
    number,
    heading,
    text,
    start,
    end,
    get sentences() {
      return (sentences ??= splitSentences(text).map((s, i) => ({ id: `${id}.s${i + 1}`, number: i + 1, ...s })));
    },
    get statements() {
      return (statements ??= splitStatements(text, this.sentences).map(({ first, last, ...s }, i) => ({ id: `${id}.q${i + 1}`, number: first, ...s, covers: { first, last } })));
    },
  };
}

/**
 * A flat copy of a string that does not keep the file it was cut from alive: V8 represents substrings
 * as views into their parent, so one title or heading would otherwise hold a whole article's raw text in
 * memory, and a paragraph built by `replace` is a tree of such views.
 */
function detach(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');
}
