import MiniSearch from 'minisearch';
import type { Corpus, Paragraph } from '../corpus/types.js';
import { DEFAULT_TERM_SETTINGS, indexOptions, type IndexedParagraph, type TermSettings } from './options.js';
import { computeTermStats, type TermStats } from './termStats.js';

/** The searchable corpus: the MiniSearch index over paragraphs, term statistics, and the corpus itself. */
export interface SearchIndex {
  corpus: Corpus;
  search: MiniSearch<IndexedParagraph>;
  stats: TermStats;
  settings: TermSettings;
}

/** The document MiniSearch sees for a paragraph. */
export function toIndexed(paragraph: Paragraph, corpus: Corpus): IndexedParagraph {
  const article = corpus.articleById.get(paragraph.articleId);
  return {
    id: paragraph.id,
    text: paragraph.text,
    heading: paragraph.heading ?? '',
    title: article?.title ?? '',
    articleId: paragraph.articleId,
  };
}

/** Indexes every paragraph of the corpus. */
export function buildIndex(corpus: Corpus, settings: TermSettings = DEFAULT_TERM_SETTINGS): SearchIndex {
  const search = new MiniSearch<IndexedParagraph>(indexOptions(settings));
  for (const article of corpus.articles) search.addAll(article.paragraphs.map((p) => toIndexed(p, corpus)));
  return { corpus, search, stats: computeTermStats(corpus), settings };
}

/** Restores an index serialised with `JSON.stringify(index.search)`, with the same options it was built with. */
export function loadIndex(json: string, corpus: Corpus, settings: TermSettings = DEFAULT_TERM_SETTINGS): SearchIndex {
  const search = MiniSearch.loadJSON<IndexedParagraph>(json, indexOptions(settings));
  return { corpus, search, stats: computeTermStats(corpus), settings };
}
