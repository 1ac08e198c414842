import { inScope, LIBRARY, type Scope } from '../corpus/scope.js';
import type { SearchIndex } from './buildIndex.js';
import { countInScope, docsInScope, scopeDocs } from './scopeDocs.js';
import { computeTermStats, type TermStats } from './termStats.js';

/** The parts of MiniSearch 7's private state read here (pinned version; tests/index/scope.test.ts covers them). */
interface Internals {
  _index: { get(term: string): Map<number, Map<number, number>> | undefined };
  _fieldIds: Record<string, number>;
}

/**
 * Term statistics of one scope (the library plus the asking server's own articles): document
 * frequencies and the paragraph count over the scope's paragraphs only, so the weight of a question's
 * words does not depend on what other servers have added. The index's own statistics when the scope
 * holds every paragraph.
 *
 * @example
 * idf(termStatsIn(index, { server: guildId }), 'bridg');
 */
export function termStatsIn(index: SearchIndex, scope: Scope = LIBRARY): TermStats {
  const docs = scopeDocs(index.search, scope);
  if (docs.whole) return index.stats;
  if (!(index.settings.stemming && index.settings.stopWords)) {
    // The index does not hold term keys (an experiment's settings): count over the scope's articles.
    return computeTermStats({ ...index.corpus, articles: index.corpus.articles.filter((a) => inScope(scope, a.id)) });
  }
  const internals = index.search as unknown as Internals;
  const fieldIds = ['text', 'heading'].map((f) => internals._fieldIds[f]).filter((id): id is number => id !== undefined);
  return {
    paragraphCount: docs.size,
    df(key) {
      const data = internals._index.get(key);
      if (!data) return 0;
      const postings = fieldIds.map((id) => data.get(id)).filter((p): p is Map<number, number> => p !== undefined);
      if (postings.length === 1) return countInScope(postings[0]!, docs);
      const union = new Set<number>();
      for (const p of postings) for (const doc of docsInScope(p, docs)) union.add(doc);
      return union.size;
    },
  };
}
