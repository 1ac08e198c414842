import type { Article, Paragraph } from '../corpus/types.js';
import type { SearchIndex } from './buildIndex.js';

export interface SearchHit {
  paragraph: Paragraph;
  article: Article;
  score: number;
}

export interface SearchPage {
  /** How many passages matched in all. */
  total: number;
  hits: SearchHit[];
}

export interface SearchPassagesOptions {
  articleId?: string | undefined;
  limit?: number;
  offset?: number;
}

/** Search options for people typing: a typo (fuzzy) or a word not yet finished (prefix) still matches. */
const TYPING = { boost: { text: 1, heading: 0.5, title: 0.5 }, prefix: true, fuzzy: 0.2, combineWith: 'AND' } as const;

/**
 * Full-text search over passages, one page at a time. Tries all words first (AND) and falls back to
 * any word (OR) when nothing has them all, so a precise query stays precise and a loose one still finds.
 */
export function searchPassages(index: SearchIndex, query: string, options: SearchPassagesOptions = {}): SearchPage {
  const limit = Math.max(1, Math.min(options.limit ?? 5, 25));
  const offset = Math.max(0, options.offset ?? 0);
  const filter = options.articleId ? { filter: (r: { id: unknown }) => String(r.id).startsWith(`${options.articleId}#`) } : {};
  let results = index.search.search(query, { ...TYPING, ...filter });
  if (results.length === 0) results = index.search.search(query, { ...TYPING, combineWith: 'OR', ...filter });
  const hits: SearchHit[] = [];
  for (const result of results.slice(offset, offset + limit)) {
    const paragraph = index.corpus.paragraphById.get(String(result.id));
    const article = paragraph && index.corpus.articleById.get(paragraph.articleId);
    if (paragraph && article) hits.push({ paragraph, article, score: result.score });
  }
  return { total: results.length, hits };
}

export interface Suggestion {
  /** The passage id (what the command receives when the user picks it). */
  paragraphId: string;
  /** What the user sees: where the passage is and how it starts. */
  label: string;
}

/**
 * Autocomplete choices for a partly typed query: the best passages, labelled for a picker. Labels are whole;
 * the transport fits them to its own limit (Discord's 100 characters: `fitChoices`).
 */
export function suggest(index: SearchIndex, prefix: string, limit = 25): Suggestion[] {
  const query = prefix.trim();
  const page = query ? searchPassages(index, query, { limit }) : firstPassages(index, limit);
  return page.hits.map(({ paragraph, article }) => ({
    paragraphId: paragraph.id,
    label: `¶${paragraph.number} ${article.title}: ${paragraph.text}`.replace(/\s+/g, ' '),
  }));
}

function firstPassages(index: SearchIndex, limit: number): SearchPage {
  const hits = index.corpus.articles.flatMap((article) => article.paragraphs.map((paragraph) => ({ paragraph, article, score: 0 }))).slice(0, limit);
  return { total: hits.length, hits };
}
