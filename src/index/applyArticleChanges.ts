import type { ArticleChanges } from '../corpus/watchArticles.js';
import type { SearchIndex } from './buildIndex.js';
import { updateIndex } from './updateIndex.js';

export interface AppliedChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

/**
 * Updates a live index in place from a watcher report: the corpus maps and the MiniSearch index
 * change together, paragraph by paragraph (`replace` for a paragraph id that stays, `discard` for one
 * that is gone, `add` for a new one), so nothing is rebuilt. "Added" for an id the index already has is
 * treated as a change, so a file seen by both `loadCorpus` and the watcher is not indexed twice.
 *
 * @example
 * const watcher = watchArticles(dataDir, (changes) => applyArticleChanges(index, changes));
 */
export function applyArticleChanges(
  index: SearchIndex,
  changes: Pick<ArticleChanges, 'added' | 'changed' | 'removed'> & Partial<Pick<ArticleChanges, 'errors'>>,
): AppliedChanges {
  const { corpus } = index;
  // `corpus.errors` lists the files that do not load now: a file that parses again leaves it.
  const fixed = new Set([...changes.added, ...changes.changed].map((a) => a.file));
  const reported = new Map((changes.errors ?? []).map((e) => [e.file, e]));
  corpus.errors = [...corpus.errors.filter((e) => !fixed.has(e.file) && !reported.has(e.file)), ...reported.values()];
  const applied: AppliedChanges = {
    added: [],
    changed: [],
    removed: changes.removed.filter((id) => corpus.articleById.has(id)),
  };
  for (const article of [...changes.added, ...changes.changed]) {
    (corpus.articleById.has(article.id) ? applied.changed : applied.added).push(article.id);
  }
  // The index and corpus maps change together, as `openIndex` does with files changed since its cache.
  updateIndex(index, { added: changes.added, changed: changes.changed, removed: changes.removed });
  return applied;
}
