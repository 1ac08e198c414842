import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { articleIdFromFileName, parseArticle } from './parseArticle.js';
import { isServerId, scopedArticleId, serverArticlesDir, serversDir } from './scope.js';
import type { Article, ArticleError, Corpus } from './types.js';

/** The folder that holds `articles/`, resolved from a `--data` flag or `DATA_DIR`; defaults to `./data`. */
export function articlesDir(dataDir: string): string {
  return path.join(dataDir, 'articles');
}

/**
 * The article files under a data folder, each named by its *file key*: the bare file name for a library
 * article (`story.md`, in `DATA_DIR/articles/`), `servers/<guild id>/articles/story.md` for a server's
 * own. Sorted: library first, then servers by id, each by file name. A missing folder lists nothing.
 */
export async function listArticleFiles(dataDir: string): Promise<string[]> {
  const library = (await readdir(articlesDir(dataDir)).catch(() => [] as string[])).filter(isArticleFile).sort();
  const servers = (await readdir(serversDir(dataDir)).catch(() => [] as string[])).filter(isServerId).sort();
  const shelves = await mapLimit(servers, 32, async (server) =>
    (await readdir(path.join(serversDir(dataDir), server, 'articles')).catch(() => [] as string[]))
      .filter(isArticleFile)
      .sort()
      .map((name) => serverFileKey(server, name)),
  );
  return [...library, ...shelves.flat()];
}

export function serverFileKey(server: string, name: string): string {
  return `servers/${server}/articles/${name}`;
}

const SERVER_KEY = /^servers\/(\d{1,25})\/articles\/([^/]+)$/;

/** The absolute path of a file key. */
export function fileOfKey(dataDir: string, key: string): string {
  return SERVER_KEY.test(key) ? path.join(dataDir, ...key.split('/')) : path.join(articlesDir(dataDir), key);
}

/** The article id a file key gives: the file slug, prefixed by its server for a server article. */
export function articleIdOfKey(key: string): string {
  const server = SERVER_KEY.exec(key);
  return server ? scopedArticleId(server[1], articleIdFromFileName(server[2]!)) : articleIdFromFileName(key);
}

/** The file key of an article file's absolute path (inverse of `fileOfKey`). */
export function keyOfFile(dataDir: string, file: string): string {
  const relative = path.relative(path.resolve(dataDir), path.resolve(file)).split(path.sep).join('/');
  return SERVER_KEY.test(relative) ? relative : path.basename(file);
}

/**
 * Loads every article file of the data folder: the library (`DATA_DIR/articles/*.md`) and every
 * server's own (`DATA_DIR/servers/<id>/articles/*.md`). A broken file becomes an entry in `errors`
 * (naming the file and the field) and the other articles still load. Files are read with bounded
 * concurrency so a folder of thousands of articles neither exhausts file handles nor loads one by one.
 */
export async function loadCorpus(dataDir: string): Promise<Corpus> {
  const missing: ArticleError[] = [];
  try {
    await readdir(articlesDir(dataDir));
  } catch (error) {
    const message = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'folder does not exist' : String(error);
    missing.push({ file: articlesDir(dataDir), message });
  }
  const names = await listArticleFiles(dataDir);
  const { articles, errors } = await readArticles(dataDir, names);
  const seen = new Set<string>();
  const unique: Article[] = [];
  for (const article of articles) {
    if (seen.has(article.id)) {
      errors.push({ file: article.file ?? article.id, message: `has the same id "${article.id}" as another file; rename one of them` });
      continue;
    }
    seen.add(article.id);
    unique.push(article);
  }
  return buildCorpus(unique, [...missing, ...errors]);
}

/**
 * Reads and parses the named article files (file keys, see `listArticleFiles`; in the order given). A
 * file that cannot be read or parsed becomes an error naming it; the others still load. Used for a
 * whole folder and for the few files that changed since the index was saved.
 */
export async function readArticles(dataDir: string, names: string[]): Promise<{ articles: Article[]; errors: ArticleError[] }> {
  const articles: Article[] = [];
  const errors: ArticleError[] = [];
  const results = await mapLimit(names, 32, async (name) => {
    const file = fileOfKey(dataDir, name);
    try {
      return { name, file, raw: await readFile(file, 'utf8') };
    } catch (error) {
      return { name, file, error: String(error) };
    }
  });
  for (const result of results) {
    if ('error' in result) {
      errors.push({ file: result.file, message: result.error ?? 'unreadable' });
      continue;
    }
    const parsed = parseArticle(articleIdOfKey(result.name), result.raw, result.file);
    if (parsed.ok) articles.push({ ...parsed.article, contentHash: hashText(result.raw) });
    else errors.push({ file: result.file, message: parsed.message });
  }
  return { articles, errors };
}

/** Whether a directory entry is an article file. */
export function isArticleFile(name: string): boolean {
  return name.toLowerCase().endsWith('.md') && !name.startsWith('.');
}

/** The content hash the loader and the watcher agree on. */
export function hashText(raw: string): string {
  return createHash('sha256').update(raw).digest('hex');
}

/** Builds the lookup maps over a list of already-parsed articles. */
export function buildCorpus(articles: Article[], errors: ArticleError[] = []): Corpus {
  const articleById = new Map(articles.map((a) => [a.id, a]));
  const paragraphById = new Map(articles.flatMap((a) => a.paragraphs.map((p) => [p.id, p] as const)));
  return { articles, articleById, paragraphById, errors };
}

export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return results;
}

/**
 * The articles of one shelf: the library's folder, or one server's own (`server` given). Each comes
 * with its file's size in bytes, for per-server limits. A missing folder is an empty shelf.
 */
export async function loadShelf(dataDir: string, server?: string): Promise<Array<{ article: Article; bytes: number }>> {
  const dir = server ? serverArticlesDir(dataDir, server) : articlesDir(dataDir);
  const names = (await readdir(dir).catch(() => [] as string[])).filter(isArticleFile).sort();
  const keys = server ? names.map((n) => serverFileKey(server, n)) : names;
  const read = await mapLimit(keys, 32, async (key) => {
    const file = fileOfKey(dataDir, key);
    const raw = await readFile(file, 'utf8').catch(() => undefined);
    if (raw === undefined) return undefined;
    const parsed = parseArticle(articleIdOfKey(key), raw, file);
    return parsed.ok ? { article: { ...parsed.article, contentHash: hashText(raw) }, bytes: Buffer.byteLength(raw) } : undefined;
  });
  const shelf: Array<{ article: Article; bytes: number }> = [];
  for (const entry of read) if (entry) shelf.push(entry);
  return shelf;
}
