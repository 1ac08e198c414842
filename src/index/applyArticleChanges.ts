import type { ArticleChanges } from '../corpus/watchArticles.js';
import type { Article } from '../corpus/types.js';
import { toIndexed, type SearchIndex } from './buildIndex.js';
import { addToTermStats } from './termStats.js';

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
  const applied: AppliedChanges = { added: [], changed: [], removed: [] };
  // `corpus.errors` lists the files that do not load now: a file that parses again leaves it.
  const fixed = new Set([...changes.added, ...changes.changed].map((a) => a.file));
  const reported = new Map((changes.errors ?? []).map((e) => [e.file, e]));
  index.corpus.errors = [...index.corpus.errors.filter((e) => !fixed.has(e.file) && !reported.has(e.file)), ...reported.values()];
  for (const id of changes.removed) if (removeArticle(index, id)) applied.removed.push(id);
  for (const article of [...changes.added, ...changes.changed]) {
    const existed = upsertArticle(index, article);
    (existed ? applied.changed : applied.added).push(article.id);
  }
  if (applied.added.length || applied.removed.length) index.corpus.articles.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return applied;
}

function removeArticle({ corpus, search, stats }: SearchIndex, id: string): boolean {
  const old = corpus.articleById.get(id);
  if (!old) return false;
  for (const p of old.paragraphs) {
    addToTermStats(stats, p, -1);
    if (search.has(p.id)) search.discard(p.id);
    corpus.paragraphById.delete(p.id);
  }
  corpus.articleById.delete(id);
  corpus.articles.splice(corpus.articles.indexOf(old), 1);
  return true;
}

/** Returns whether the article was already there. */
function upsertArticle(index: SearchIndex, article: Article): boolean {
  const { corpus, search, stats } = index;
  const old = corpus.articleById.get(article.id);
  const fresh = new Set(article.paragraphs.map((p) => p.id));
  if (old) {
    for (const p of old.paragraphs) {
      // Term statistics follow the text: the old paragraphs' terms leave, the new ones' arrive below.
      addToTermStats(stats, p, -1);
      if (fresh.has(p.id)) continue;
      if (search.has(p.id)) search.discard(p.id);
      corpus.paragraphById.delete(p.id);
    }
    corpus.articles[corpus.articles.indexOf(old)] = article;
  } else corpus.articles.push(article);
  // The article goes into the maps first: `toIndexed` reads its title from there.
  corpus.articleById.set(article.id, article);
  for (const p of article.paragraphs) {
    corpus.paragraphById.set(p.id, p);
    addToTermStats(stats, p);
    const doc = toIndexed(p, corpus);
    if (search.has(p.id)) search.replace(doc);
    else search.add(doc);
  }
  return old !== undefined;
}
