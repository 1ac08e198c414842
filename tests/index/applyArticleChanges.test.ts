import { describe, expect, it } from 'vitest';
import { buildCorpus } from '../../src/corpus/loadCorpus.js';
import { parseArticle } from '../../src/corpus/parseArticle.js';
import { applyArticleChanges } from '../../src/index/applyArticleChanges.js';
import { buildIndex } from '../../src/index/buildIndex.js';
import { paragraphKeys } from '../../src/index/termStats.js';

function article(id: string, body: string) {
  const parsed = parseArticle(id, `---\ntitle: ${id}\n---\n\n${body}\n`);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.article;
}

describe('applyArticleChanges', () => {
  it('GIVEN articles added, changed and removed THEN search and term statistics equal a full rebuild', () => {
    const index = buildIndex(buildCorpus([article('a', 'Ferries resume service.\n\nPorts reopen.'), article('b', 'Trains stop at midnight.')]));
    applyArticleChanges(index, {
      added: [article('c', 'Buses replace trains on Sunday.')],
      changed: [article('a', 'Ferries resume service on Monday.')],
      removed: ['b'],
    });
    const rebuilt = buildIndex(buildCorpus(index.corpus.articles));
    expect(index.stats.paragraphCount).toBe(rebuilt.stats.paragraphCount);
    const keys = new Set(['train', 'midnight', 'port', ...rebuilt.corpus.articles.flatMap((a) => a.paragraphs.flatMap((p) => [...paragraphKeys(p)]))]);
    for (const key of keys) expect([key, index.stats.df(key)]).toEqual([key, rebuilt.stats.df(key)]);
    for (const q of ['ferries monday', 'trains', 'ports', 'buses sunday']) {
      expect(index.search.search(q).map((r) => r.id)).toEqual(rebuilt.search.search(q).map((r) => r.id));
    }
  });
});
