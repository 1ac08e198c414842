import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { articleIdOfKey, articlesDir, fileOfKey, hashText, keyOfFile, listArticleFiles, mapLimit } from './loadCorpus.js';
import { parseArticle } from './parseArticle.js';
import { isServerId, serversDir } from './scope.js';
import type { Article, ArticleError } from './types.js';

/** What changed in the article folders (library and servers') since the last report. */
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
 * Watches the article folders of a data folder — the library (`DATA_DIR/articles`) and every server's
 * (`DATA_DIR/servers/<id>/articles`, including servers that appear or disappear while it runs) — and
 * reports added, changed and removed article files. `fs.watch` events only say "something happened
 * here" (and differ by platform), so each burst of events triggers one rescan: files whose size and
 * modification time are unchanged are skipped, the others are read and compared by hash with the last
 * scan. Deleting a server's folder reports each of its articles as removed. Dot files (the ingest's temp
 * files) are ignored, as the loader ignores them. Start it right after `loadCorpus` so nothing is missed.
 *
 * @example
 * const watcher = watchArticles(dataDir, (changes) => applyArticleChanges(index, changes));
 */
export function watchArticles(dataDir: string, onChange: (changes: ArticleChanges) => void, options: WatchOptions = {}): ArticleWatcher {
  const debounceMs = options.debounceMs ?? 150;
  const onError = options.onError ?? ((error) => console.error(`watchArticles(${dataDir}):`, error));
  /** Per file key: last seen content hash and stamp, and whether that file is in the index (it parsed once). */
  let known = new Map<string, Known>();
  let timer: NodeJS.Timeout | undefined;
  /** One watcher per folder that exists: articles/, servers/, servers/<id>/, servers/<id>/articles/. */
  const watchers = new Map<string, FSWatcher>();
  /** Folders that could not be watched for a reason other than not existing, reported once each. */
  const unwatchable = new Set<string>();
  let closed = false;
  // Scans run one after another, so two bursts cannot report the same change twice.
  let queue: Promise<unknown> = Promise.resolve();

  const onEvent = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void rescan().catch(() => undefined), debounceMs);
  };
  const syncWatchers = async () => {
    const folders = [articlesDir(dataDir), serversDir(dataDir)];
    for (const server of (await readdir(serversDir(dataDir)).catch(() => [] as string[])).filter(isServerId)) {
      folders.push(path.join(serversDir(dataDir), server), path.join(serversDir(dataDir), server, 'articles'));
    }
    const wanted = new Set(folders);
    for (const [folder, watcher] of watchers) {
      if (!wanted.has(folder)) {
        watcher.close();
        watchers.delete(folder);
      }
    }
    for (const folder of folders) {
      if (closed || watchers.has(folder)) continue;
      try {
        const watcher = watch(folder, { persistent: false }, onEvent);
        // A watched folder that is deleted errors on some platforms: the next rescan drops it.
        watcher.on('error', () => onEvent());
        watchers.set(folder, watcher);
      } catch (error) {
        // Not there (yet): the parent's watcher reports its creation. Anything else (out of inotify watches:
        // ENOSPC) is said, since that folder's changes then wait for the next rescan of another folder.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !unwatchable.has(folder)) {
          unwatchable.add(folder);
          onError(error);
        }
      }
    }
  };

  const scan = async (): Promise<ArticleChanges | undefined> => {
    const next = await snapshot(dataDir, known);
    const changes: ArticleChanges = { added: [], changed: [], removed: [], errors: [] };
    for (const [key, entry] of next) {
      const before = known.get(key);
      if (before?.hash === entry.hash) {
        known.set(key, { ...before, size: entry.size, mtime: entry.mtime });
        continue;
      }
      const indexed = before?.indexed ?? false;
      const file = fileOfKey(dataDir, key);
      const parsed = parseArticle(entry.id, entry.raw!, file);
      // A broken file is reported once per content; an earlier good version stays indexed until fixed.
      known.set(key, { hash: entry.hash, id: entry.id, indexed: indexed || parsed.ok, size: entry.size, mtime: entry.mtime });
      if (!parsed.ok) changes.errors.push({ file, message: parsed.message });
      else (indexed ? changes.changed : changes.added).push({ ...parsed.article, contentHash: entry.hash });
    }
    for (const [key, entry] of known) {
      if (next.has(key)) continue;
      known.delete(key);
      if (entry.indexed) changes.removed.push(entry.id);
    }
    await syncWatchers();
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
    // Both exist from the start, so the first server folder made under servers/ is seen.
    await mkdir(articlesDir(dataDir), { recursive: true });
    await mkdir(serversDir(dataDir), { recursive: true });
    if (options.indexed) {
      known = new Map(
        options.indexed.filter((a) => a.file && a.contentHash).map((a) => [keyOfFile(dataDir, a.file!), { hash: a.contentHash!, id: a.id, indexed: true }]),
      );
    } else {
      // The starting files are taken as loaded: indexed if they parse.
      const first = await snapshot(dataDir, new Map());
      known = new Map([...first].map(([key, e]) => [key, { hash: e.hash, id: e.id, indexed: parseArticle(e.id, e.raw!).ok, size: e.size, mtime: e.mtime }]));
    }
    if (closed) return;
    await syncWatchers();
    if (options.indexed) await scan();
  })();
  queue = ready.catch(onError);

  return {
    ready,
    rescan,
    close() {
      closed = true;
      clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

interface Known {
  hash: string;
  id: string;
  indexed: boolean;
  size?: number;
  mtime?: string;
}

interface Seen {
  hash: string;
  id: string;
  size: number;
  mtime: string;
  /** Only read when the file's stamp changed since the last scan. */
  raw?: string;
}

/** Every article file now, by file key; a file whose size and mtime match `known` is not read again. */
async function snapshot(dataDir: string, known: Map<string, Known>): Promise<Map<string, Seen>> {
  const entries = new Map<string, Seen>();
  const keys = await listArticleFiles(dataDir);
  const seen = await mapLimit(keys, 32, async (key): Promise<[string, Seen] | undefined> => {
    const file = fileOfKey(dataDir, key);
    try {
      const info = await stat(file, { bigint: true });
      const size = Number(info.size);
      const mtime = info.mtimeNs.toString();
      const before = known.get(key);
      if (before && before.size === size && before.mtime === mtime) return [key, { hash: before.hash, id: before.id, size, mtime }];
      const raw = await readFile(file, 'utf8');
      return [key, { raw, id: articleIdOfKey(key), hash: hashText(raw), size, mtime }];
    } catch {
      return undefined; // Removed between listing and reading: the next scan reports it.
    }
  });
  for (const entry of seen) if (entry) entries.set(entry[0], entry[1]);
  return entries;
}
