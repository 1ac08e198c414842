import { loadCorpus } from '../corpus/loadCorpus.js';
import type { ArticleError } from '../corpus/types.js';
import { buildIndex, type SearchIndex } from './buildIndex.js';

export interface OpenIndexOptions {
  /** Told about each article file that could not be loaded (the others still load). */
  onArticleError?: (error: ArticleError) => void;
}

/** Loads the articles under `dataDir/articles` and indexes them: what every entry point starts with. */
export async function openIndex(dataDir: string, options: OpenIndexOptions = {}): Promise<SearchIndex> {
  const corpus = await loadCorpus(dataDir);
  for (const error of corpus.errors) options.onArticleError?.(error);
  return buildIndex(corpus);
}

/** One line for a broken article file, naming the file and what is wrong with it. */
export function describeArticleError(error: ArticleError): string {
  return `warning: skipped ${error.file}: ${error.message}`;
}
