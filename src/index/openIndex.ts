import { articleIdOfKey, keyOfFile, loadCorpus, readArticles } from '../corpus/loadCorpus.js';
import type { ArticleError } from '../corpus/types.js';
import { buildIndex, type SearchIndex } from './buildIndex.js';
import { cachePath, readIndexCache, restoreIndex, saveIndexCache } from './cache.js';
import { diffStamps, stampArticleFiles, type FileStamp } from './fileStamps.js';
import { DEFAULT_TERM_SETTINGS, optionsFingerprint } from './options.js';
import { progressLine } from './progress.js';
import { updateIndex } from './updateIndex.js';

export { cachePath } from './cache.js';

export interface OpenIndexOptions {
  /** Told about each article file that could not be loaded (the others still load). */
  onArticleError?: (error: ArticleError) => void;
  /**
   * Use the persisted index beside the articles (`DATA_DIR/.index-cache.bin`): load it when it is
   * current, update it when a few articles changed, rebuild and save it otherwise. Default true.
   */
  cache?: boolean;
  /** One line about the cache when it could not simply be loaded (default: written to stderr). */
  onWarning?: (message: string) => void;
  /** Show a progress line on a terminal while building (default: when stderr is a terminal). */
  progress?: boolean;
}

/** More changed files than this share of the archive, and a rebuild is cheaper than updating. */
const INCREMENTAL_SHARE = 0.2;

/**
 * Opens the index for the articles under `dataDir/articles`: what every entry point starts with.
 * A current cache is loaded; a cache a few article files behind is loaded and updated incrementally;
 * a missing, stale, truncated or corrupt one is rebuilt and saved, with one warning line — never a crash.
 *
 * @example
 * const index = await openIndex('data');
 * ask(index, 'Who met whom?');
 */
export async function openIndex(dataDir: string, options: OpenIndexOptions = {}): Promise<SearchIndex> {
  const warn = options.onWarning ?? ((message: string) => process.stderr.write(`${message}\n`));
  const reportErrors = (index: SearchIndex) => {
    for (const error of index.corpus.errors) options.onArticleError?.(error);
    return index;
  };
  if (options.cache === false) return reportErrors(await build(dataDir, options));

  const stamps = await stampArticleFiles(dataDir);
  const where = cachePath(dataDir);
  const cached = await readIndexCache(dataDir);
  let why: string;
  if (!cached.ok) why = cached.reason;
  else if (cached.data.fingerprint !== optionsFingerprint(DEFAULT_TERM_SETTINGS)) why = 'it was built with other index options';
  else {
    const diff = diffStamps(cached.data.files, stamps);
    const touched = diff.added.length + diff.changed.length + diff.removed.length;
    if (touched > Math.max(1, INCREMENTAL_SHARE * stamps.length)) why = `${touched} of ${stamps.length} article files changed since it was saved`;
    else {
      try {
        const index = restoreIndex(dataDir, cached.data);
        if (touched === 0) return reportErrors(index);
        await applyFileChanges(index, dataDir, diff, stamps);
        try {
          await saveIndexCache(dataDir, index, stamps);
          warn(`index: ${describeDiff(diff)} since ${where} was saved; updated the index incrementally and saved it.`);
        } catch (error) {
          warn(`index: ${describeDiff(diff)} since ${where} was saved; updated the index incrementally but could not save it (${(error as Error).message}).`);
        }
        return reportErrors(index);
      } catch (error) {
        why = `it could not be loaded (${(error as Error).message})`;
      }
    }
  }
  warn(`index: ${cached.ok || !cached.missing ? 'not using' : 'no'} ${where}${cached.ok || !cached.missing ? ` (${why})` : ''}; building the index${cached.ok || !cached.missing ? ' again' : ''} and saving it.`);
  const index = await build(dataDir, options, stamps);
  try {
    await saveIndexCache(dataDir, index, stamps);
  } catch (error) {
    warn(`index: could not save ${where} (${(error as Error).message}); the next start will build again.`);
  }
  return reportErrors(index);
}

async function build(dataDir: string, options: OpenIndexOptions, stamps?: FileStamp[]): Promise<SearchIndex> {
  const corpus = await loadCorpus(dataDir);
  const progress = options.progress ?? process.stderr.isTTY ? progressLine('Indexing') : undefined;
  const index = buildIndex(corpus, DEFAULT_TERM_SETTINGS, { onProgress: progress ? (d, t) => progress.update(d, t) : undefined });
  progress?.done();
  index.files = stamps;
  return index;
}

/**
 * Brings an opened index up to date with its data folder: re-reads only the article files added or
 * changed since the index was built or saved, takes out removed ones (`updateIndex`), and saves the
 * cache. Returns what changed (all empty when nothing did). What a file watcher calls after a change.
 */
export async function refreshIndex(index: SearchIndex, dataDir: string, options: { save?: boolean } = {}): Promise<{ added: string[]; changed: string[]; removed: string[] }> {
  const stamps = await stampArticleFiles(dataDir);
  const diff = diffStamps(index.files ?? [], stamps);
  if (diff.added.length + diff.changed.length + diff.removed.length === 0) return diff;
  await applyFileChanges(index, dataDir, diff, stamps);
  if (options.save ?? true) await saveIndexCache(dataDir, index, stamps);
  return diff;
}

async function applyFileChanges(index: SearchIndex, dataDir: string, diff: { added: string[]; changed: string[]; removed: string[] }, stamps: FileStamp[]): Promise<void> {
  const names = [...diff.added, ...diff.changed];
  const { articles, errors } = await readArticles(dataDir, names);
  const touchedFiles = new Set([...names, ...diff.removed]);
  const byName = (file: string) => keyOfFile(dataDir, file);
  // Every touched file's old article goes (a file that now fails to parse no longer answers); new versions come in.
  const removed = [...touchedFiles].map(articleIdOfKey);
  const clash = articles.find((a) => index.corpus.articleById.has(a.id) && !removed.includes(a.id));
  if (clash) throw new Error(`article id "${clash.id}" of a new file is already used by another file`);
  updateIndex(index, { removed, added: articles });
  index.corpus.errors = [...index.corpus.errors.filter((e) => !touchedFiles.has(byName(e.file))), ...errors];
  index.files = stamps;
}

function describeDiff(diff: { added: string[]; changed: string[]; removed: string[] }): string {
  const count = (n: number, what: string) => (n ? `${n} article file${n === 1 ? '' : 's'} ${what}` : '');
  return [count(diff.added.length, 'added'), count(diff.changed.length, 'changed'), count(diff.removed.length, 'removed')].filter(Boolean).join(', ');
}

/** One line for a broken article file, naming the file and what is wrong with it. */
export function describeArticleError(error: ArticleError): string {
  return `warning: skipped ${error.file}: ${error.message}`;
}
