import path from 'node:path';
import { ownerOf } from '../corpus/scope.js';
import type { Article } from '../corpus/types.js';
import { toIndexed, type SearchIndex } from './buildIndex.js';
import { computeTermStats } from './termStats.js';

/** Articles to put into, replace in, or take out of an index. */
export interface IndexChanges {
  /** New articles (an id already indexed is treated as changed). */
  added?: Article[];
  /** New versions of indexed articles, matched by id. */
  changed?: Article[];
  /** Ids of articles to take out; unknown ids are ignored. */
  removed?: string[];
}

export interface UpdateSummary {
  /** Paragraphs taken out of / put into the index. */
  removedParagraphs: number;
  addedParagraphs: number;
}

/**
 * Applies article additions, changes and removals to an index in place, without rebuilding it: the old
 * paragraphs of a changed or removed article are taken out with MiniSearch `remove` (exact, because the
 * index still holds the text they were indexed with) and the new ones put in with `add`. Search results,
 * term statistics and the corpus lookups afterwards are the same as a full rebuild's. Synchronous; a
 * caller that wants the change to survive a restart saves the cache afterwards (`saveIndexCache`).
 *
 * @example
 * const { articles } = await readArticles(dataDir, ['new-story.md']);
 * updateIndex(index, { added: articles, removed: ['old-story'] });
 */
export function updateIndex(index: SearchIndex, changes: IndexChanges): UpdateSummary {
  const { corpus, search } = index;
  const incoming = [...(changes.added ?? []), ...(changes.changed ?? [])];
  const outgoing = new Set([...(changes.removed ?? []), ...incoming.map((a) => a.id)]);
  let removedParagraphs = 0;
  let addedParagraphs = 0;
  for (const id of outgoing) {
    const old = corpus.articleById.get(id);
    if (!old) continue;
    for (const paragraph of old.paragraphs) {
      // `remove` needs the document as it was indexed: title from the old article, which is still in the corpus.
      search.remove(toIndexed(paragraph, corpus));
      corpus.paragraphById.delete(paragraph.id);
      removedParagraphs++;
    }
    corpus.articleById.delete(id);
  }
  const kept = corpus.articles.filter((a) => !outgoing.has(a.id));
  const latest = new Map(incoming.map((a) => [a.id, a]));
  for (const article of latest.values()) {
    corpus.articleById.set(article.id, article);
    for (const paragraph of article.paragraphs) corpus.paragraphById.set(paragraph.id, paragraph);
    search.addAll(article.paragraphs.map((p) => toIndexed(p, corpus)));
    addedParagraphs += article.paragraphs.length;
    kept.push(article);
  }
  // The same order a fresh load gives (by file name), so ties rank as they would after a rebuild.
  kept.sort((a, b) => compare(fileKey(a), fileKey(b)));
  corpus.articles.length = 0;
  for (const article of kept) corpus.articles.push(article);
  if (!(index.settings.stemming && index.settings.stopWords)) index.stats = computeTermStats(corpus);
  return { removedParagraphs, addedParagraphs };
}

/** Library files by name first, then each server's (by server id) by name: `listArticleFiles` order. */
function fileKey(article: Article): string {
  const owner = ownerOf(article.id);
  const name = article.file ? path.basename(article.file) : `${article.id.slice(article.id.indexOf('/') + 1)}.md`;
  return `${owner === undefined ? '0' : `1${owner}`}\u0000${name}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
