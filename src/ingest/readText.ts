import { parseArticle } from '../corpus/parseArticle.js';
import { IngestError } from './errors.js';
import type { Block, ExtractedArticle } from './types.js';

/**
 * Plain text: the first non-empty line is the title, the rest is paragraphs separated by blank lines
 * (lines inside a paragraph are joined, as the article format does).
 */
export function readPlainText(text: string): ExtractedArticle {
  const normal = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = normal.split('\n');
  const first = lines.findIndex((l) => l.trim());
  const title = first === -1 ? '' : lines[first]!.trim();
  const blocks: Block[] = paragraphsOf(lines.slice(first + 1).join('\n')).map((p) => ({ kind: 'paragraph', text: p }));
  return { meta: { title }, blocks };
}

/**
 * Markdown. With `---` front matter, the file is already in the article format: it is validated with
 * the same parser the corpus uses and then written unchanged. Without it, the first `#` heading (or the
 * first line) is the title and later `#` lines are section headings.
 */
export function readMarkdown(text: string, file = 'the Markdown file'): ExtractedArticle {
  const normal = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (/^---[ \t]*\n/.test(normal)) {
    const parsed = parseArticle('ingest', normal, file);
    if (!parsed.ok) throw new IngestError('invalid-article', `${file}: ${parsed.message}`);
    const { title, source, url, published, language } = parsed.article;
    const blocks: Block[] = [];
    let heading: string | undefined;
    for (const p of parsed.article.paragraphs) {
      if (p.heading && p.heading !== heading) blocks.push({ kind: 'heading', text: p.heading });
      heading = p.heading;
      blocks.push({ kind: 'paragraph', text: p.text });
    }
    return { meta: { title, source, url, published, language }, blocks, verbatim: normal.endsWith('\n') ? normal : `${normal}\n` };
  }
  let title = '';
  const blocks: Block[] = [];
  for (const block of paragraphsOf(normal, true)) {
    const heading = /^#{1,6}\s+(.*)$/.exec(block);
    if (!title) {
      title = (heading?.[1] ?? block).trim();
      continue;
    }
    if (heading) blocks.push({ kind: 'heading', text: heading[1]!.trim() });
    else blocks.push({ kind: 'paragraph', text: block });
  }
  return { meta: { title }, blocks };
}

/** Blank-line separated blocks, each joined to one line; with `splitHeadings`, a `#` line is its own block. */
function paragraphsOf(text: string, splitHeadings = false): string[] {
  const out: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length) out.push(current.join(' ').replace(/\s+/g, ' ').trim());
    current = [];
  };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) flush();
    else if (splitHeadings && /^#{1,6}\s/.test(line)) {
      flush();
      out.push(line);
    } else current.push(line);
  }
  flush();
  return out.filter(Boolean);
}
