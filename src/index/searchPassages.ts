import { inScope, LIBRARY, type Scope } from '../corpus/scope.js';
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
  /** Who is searching: the library plus this server's own articles (default: the library alone). */
  scope?: Scope | undefined;
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
  const scope = options.scope ?? LIBRARY;
  const prefix = options.articleId ? `${options.articleId}#` : undefined;
  // The scope is MiniSearch's own filter: applied to every match before results are sorted and paged.
  const filter = { filter: (r: { id: unknown }) => inScope(scope, String(r.id)) && (!prefix || String(r.id).startsWith(prefix)) };
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
export function suggest(index: SearchIndex, prefix: string, limit = 25, scope: Scope = LIBRARY): Suggestion[] {
  const query = prefix.trim();
  const page = query ? searchPassages(index, query, { limit, scope }) : firstPassages(index, limit, scope);
  return page.hits.map(({ paragraph, article }) => ({
    paragraphId: paragraph.id,
    label: `¶${paragraph.number} ${article.title}: ${paragraph.text}`.replace(/\s+/g, ' '),
  }));
}

function firstPassages(index: SearchIndex, limit: number, scope: Scope): SearchPage {
  const hits = articlesIn(index, scope).flatMap((article) => article.paragraphs.map((paragraph) => ({ paragraph, article, score: 0 }))).slice(0, limit);
  return { total: hits.length, hits };
}

/** The articles a scope may read, in corpus order (library first). */
export function articlesIn(index: SearchIndex, scope: Scope = LIBRARY): Article[] {
  return index.corpus.articles.filter((a) => inScope(scope, a.id));
}

/** A passage by id, or undefined when there is none or the scope may not read it (the two look the same). */
export function passageIn(index: SearchIndex, id: string, scope: Scope = LIBRARY): { paragraph: Paragraph; article: Article } | undefined {
  if (!inScope(scope, id)) return undefined;
  const paragraph = index.corpus.paragraphById.get(id);
  const article = paragraph && index.corpus.articleById.get(paragraph.articleId);
  return paragraph && article ? { paragraph, article } : undefined;
}

/** An article by id, or undefined when there is none or the scope may not read it. */
export function articleIn(index: SearchIndex, id: string, scope: Scope = LIBRARY): Article | undefined {
  return inScope(scope, id) ? index.corpus.articleById.get(id) : undefined;
}
