import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import type { Corpus } from '../corpus/types.js';

/**
 * The naive configuration the issue measured: MiniSearch's default tokenizer and term processing (no
 * stemming, no stop words), every question word, OR, fuzzy 0.2. It indexes the same fields as ours.
 */
export const NAIVE_OPTIONS: Options = { idField: 'id', fields: ['text', 'heading', 'title'] };
export const NAIVE_SEARCH: SearchOptions = { fuzzy: 0.2, combineWith: 'OR' };

export function buildNaive(corpus: Corpus): MiniSearch {
  const search = new MiniSearch(NAIVE_OPTIONS);
  for (const article of corpus.articles) {
    search.addAll(article.paragraphs.map((p) => ({ id: p.id, text: p.text, heading: p.heading ?? '', title: article.title })));
  }
  return search;
}
