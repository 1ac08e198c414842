import MiniSearch, { type AsPlainObject } from 'minisearch';
import type { Corpus, Paragraph } from '../corpus/types.js';
import type { FileStamp } from './fileStamps.js';
import type { RankOptions } from './rankParagraphs.js';
import { DEFAULT_TERM_SETTINGS, indexOptions, type IndexedParagraph, type TermSettings } from './options.js';
import { computeTermStats, indexTermStats, type TermStats } from './termStats.js';

/** The searchable corpus: the MiniSearch index over paragraphs, term statistics, and the corpus itself. */
export interface SearchIndex {
  corpus: Corpus;
  search: MiniSearch<IndexedParagraph>;
  stats: TermStats;
  settings: TermSettings;
  /** The article files the index reflects (set when it was opened from, or saved to, a data folder). */
  files?: FileStamp[] | undefined;
  /** Overrides for the paragraph ranker, for experiments (e.g. `{ maxDriverDf: Infinity }`: exact MiniSearch ranking). */
  ranking?: Pick<RankOptions, 'maxDriverDf'> | undefined;
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

export interface BuildOptions {
  /** Told how many paragraphs are indexed so far, now and then (for a progress line). */
  onProgress?: (done: number, total: number) => void;
}

/** Indexes every paragraph of the corpus. */
export function buildIndex(corpus: Corpus, settings: TermSettings = DEFAULT_TERM_SETTINGS, options: BuildOptions = {}): SearchIndex {
  const search = new MiniSearch<IndexedParagraph>(indexOptions(settings));
  const total = corpus.paragraphById.size;
  let done = 0;
  let reported = 0;
  for (const article of corpus.articles) {
    search.addAll(article.paragraphs.map((p) => toIndexed(p, corpus)));
    done += article.paragraphs.length;
    if (options.onProgress && done - reported >= 2000) {
      options.onProgress(done, total);
      reported = done;
    }
  }
  options.onProgress?.(done, total);
  return indexFromSearch(corpus, search, settings);
}

/** Restores an index serialised with `JSON.stringify(index.search)`, with the same options it was built with. */
export function loadIndex(json: string | AsPlainObject, corpus: Corpus, settings: TermSettings = DEFAULT_TERM_SETTINGS): SearchIndex {
  const search = typeof json === 'string'
    ? MiniSearch.loadJSON<IndexedParagraph>(json, indexOptions(settings))
    : MiniSearch.loadJS<IndexedParagraph>(json, indexOptions(settings));
  return indexFromSearch(corpus, search, settings);
}

/** Term statistics come from the index when its terms are term keys, from a corpus pass otherwise. */
export function indexFromSearch(corpus: Corpus, search: MiniSearch<IndexedParagraph>, settings: TermSettings): SearchIndex {
  const stats = settings.stemming && settings.stopWords ? indexTermStats(search) : computeTermStats(corpus);
  return { corpus, search, stats, settings };
}
