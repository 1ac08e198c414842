import type { ArticleMeta } from '../corpus/types.js';

/** One block of an extracted article body, in reading order. */
export type Block = { kind: 'heading'; text: string } | { kind: 'paragraph'; text: string };

/** What the readers (HTML, Markdown, plain text) produce, before it is written as an article file. */
export interface ExtractedArticle {
  meta: ArticleMeta & { byline?: string | undefined };
  blocks: Block[];
  /** A Markdown file that already has valid front matter: written as it is, not re-serialised. */
  verbatim?: string;
}
