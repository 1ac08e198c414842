import { watchArticles, type ArticleChanges, type ArticleWatcher } from '../corpus/watchArticles.js';
import { applyArticleChanges, type AppliedChanges } from './applyArticleChanges.js';
import type { SearchIndex } from './buildIndex.js';

export interface LiveReloadOptions {
  /** One line per reload and per file that failed to load; defaults to `console.log`. */
  log?: (line: string) => void;
  debounceMs?: number;
  /** Called after each applied report, e.g. to refresh a cached `/sources` reply. */
  onApplied?: (applied: AppliedChanges, changes: ArticleChanges) => void;
}

/**
 * Keeps a running bot's index in step with `DATA_DIR/articles`: the one call a transport makes after
 * building its index. Returns the watcher; call `close()` on shutdown.
 *
 * @example
 * const index = buildIndex(await loadCorpus(dataDir));
 * const reload = startLiveReload(index, dataDir);
 * // … on shutdown: reload.close();
 */
export function startLiveReload(index: SearchIndex, dataDir: string, options: LiveReloadOptions = {}): ArticleWatcher {
  const log = options.log ?? ((line: string) => console.log(line));
  return watchArticles(
    dataDir,
    (changes) => {
      const applied = applyArticleChanges(index, changes);
      for (const error of changes.errors) log(`articles: ${error.file} not loaded: ${error.message}`);
      const parts = [
        ...applied.added.map((id) => `+${id}`),
        ...applied.changed.map((id) => `~${id}`),
        ...applied.removed.map((id) => `-${id}`),
      ];
      if (parts.length) log(`articles reloaded (${index.corpus.articles.length} now): ${parts.join(' ')}`);
      options.onApplied?.(applied, changes);
    },
    {
      ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}),
      indexed: [...index.corpus.articles],
      onError: (error) => log(`articles: watching failed: ${String(error)}`),
    },
  );
}
