import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { articlesDir, hashText } from './loadCorpus.js';
import { articleIdFromFileName, parseArticle } from './parseArticle.js';
import type { Article, ArticleError } from './types.js';

/** What changed in `DATA_DIR/articles` since the last report. */
export interface ArticleChanges {
  /** New files that parsed. */
  added: Article[];
  /** Files whose content changed and still parse. */
  changed: Article[];
  /** Ids of articles whose files are gone. */
  removed: string[];
  /** Added or changed files that do not parse; an earlier good version (if any) stays in use. */
  errors: ArticleError[];
}

export interface WatchOptions {
  /** Quiet time after the last file event before the folder is rescanned. Editors and renames burst. */
  debounceMs?: number;
  /**
   * The articles already indexed (as `loadCorpus` gave them, with their content hashes). Changes are
   * reported against these, and the folder is rescanned once the watch is up, so a file written
   * between loading and watching is not missed. Without it, the folder as first seen is the baseline.
   */
  indexed?: ReadonlyArray<{ id: string; file?: string | undefined; contentHash?: string | undefined }>;
  onError?: (error: unknown) => void;
}

export interface ArticleWatcher {
  /** Resolves once the starting state has been read; changes are reported relative to it. */
  ready: Promise<void>;
  /** Rescans now (skipping the debounce) and reports; resolves with what changed, if anything. */
  rescan(): Promise<ArticleChanges | undefined>;
  close(): void;
}

/**
 * Watches `DATA_DIR/articles` and reports added, changed and removed article files. `fs.watch` events
 * only say "something happened here" (and differ by platform), so each burst of events triggers one
 * rescan that compares file contents by hash with the last scan. Dot files (the ingest's temp files)
 * are ignored, as the loader ignores them. Start it right after `loadCorpus` so nothing is missed.
 *
 * @example
 * const watcher = watchArticles(dataDir, (changes) => applyArticleChanges(index, changes));
 */
export function watchArticles(dataDir: string, onChange: (changes: ArticleChanges) => void, options: WatchOptions = {}): ArticleWatcher {
  const dir = articlesDir(dataDir);
  const debounceMs = options.debounceMs ?? 150;
  const onError = options.onError ?? ((error) => console.error(`watchArticles(${dir}):`, error));
  /** Last seen content hash per file name, and whether that file is in the index (it parsed once). */
  let known = new Map<string, { hash: string; id: string; indexed: boolean }>();
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  let closed = false;
  // Scans run one after another, so two bursts cannot report the same change twice.
  let queue: Promise<unknown> = Promise.resolve();

  const scan = async (): Promise<ArticleChanges | undefined> => {
    const next = await snapshot(dir);
    const changes: ArticleChanges = { added: [], changed: [], removed: [], errors: [] };
    for (const [name, entry] of next) {
      const before = known.get(name);
      if (before?.hash === entry.hash) continue;
      const indexed = before?.indexed ?? false;
      const parsed = parseArticle(entry.id, entry.raw, path.join(dir, name));
      // A broken file is reported once per content; an earlier good version stays indexed until fixed.
      known.set(name, { hash: entry.hash, id: entry.id, indexed: indexed || parsed.ok });
      if (!parsed.ok) changes.errors.push({ file: path.join(dir, name), message: parsed.message });
      else (indexed ? changes.changed : changes.added).push({ ...parsed.article, contentHash: entry.hash });
    }
    for (const [name, entry] of known) {
      if (next.has(name)) continue;
      known.delete(name);
      if (entry.indexed) changes.removed.push(entry.id);
    }
    const any = changes.added.length + changes.changed.length + changes.removed.length + changes.errors.length > 0;
    if (any && !closed) onChange(changes);
    return any ? changes : undefined;
  };
  const rescan = () => {
    const run = queue.then(scan);
    queue = run.catch(onError);
    return run;
  };

  const ready = (async () => {
    await mkdir(dir, { recursive: true });
    if (options.indexed) {
      known = new Map(options.indexed.filter((a) => a.file && a.contentHash).map((a) => [path.basename(a.file!), { hash: a.contentHash!, id: a.id, indexed: true }]));
    } else {
      // The starting files are taken as loaded: indexed if they parse.
      known = new Map([...(await snapshot(dir))].map(([name, e]) => [name, { hash: e.hash, id: e.id, indexed: parseArticle(e.id, e.raw).ok }]));
    }
    if (closed) return;
    watcher = watch(dir, { persistent: false }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => void rescan().catch(() => undefined), debounceMs);
    });
    watcher.on('error', onError);
    if (options.indexed) await scan();
  })();
  queue = ready.catch(onError);

  return {
    ready,
    rescan,
    close() {
      closed = true;
      clearTimeout(timer);
      watcher?.close();
    },
  };
}

async function snapshot(dir: string): Promise<Map<string, { hash: string; id: string; raw: string }>> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.toLowerCase().endsWith('.md') && !n.startsWith('.'));
  const entries = new Map<string, { hash: string; id: string; raw: string }>();
  for (const name of names.sort()) {
    let raw: string;
    try {
      raw = await readFile(path.join(dir, name), 'utf8');
    } catch {
      continue; // Removed between readdir and read: the next scan reports it.
    }
    entries.set(name, { raw, id: articleIdFromFileName(name), hash: hashText(raw) });
  }
  return entries;
}
