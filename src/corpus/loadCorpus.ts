import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { articleIdFromFileName, parseArticle } from './parseArticle.js';
import type { Article, ArticleError, Corpus } from './types.js';

/** The folder that holds `articles/`, resolved from a `--data` flag or `DATA_DIR`; defaults to `./data`. */
export function articlesDir(dataDir: string): string {
  return path.join(dataDir, 'articles');
}

/**
 * Loads every `*.md` file in `DATA_DIR/articles`. A broken file becomes an entry in `errors` (naming the
 * file and the field) and the other articles still load. Files are read with bounded concurrency so a
 * folder of thousands of articles neither exhausts file handles nor loads one by one.
 */
export async function loadCorpus(dataDir: string): Promise<Corpus> {
  const dir = articlesDir(dataDir);
  let names: string[];
  try {
    names = (await readdir(dir)).filter(isArticleFile).sort();
  } catch (error) {
    const message = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'folder does not exist' : String(error);
    return buildCorpus([], [{ file: dir, message }]);
  }
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
  return buildCorpus(unique, errors);
}

/**
 * Reads and parses the named files of `DATA_DIR/articles` (in the order given). A file that cannot be
 * read or parsed becomes an error naming it; the others still load. Used for a whole folder and for the
 * few files that changed since the index was saved.
 */
export async function readArticles(dataDir: string, names: string[]): Promise<{ articles: Article[]; errors: ArticleError[] }> {
  const dir = articlesDir(dataDir);
  const articles: Article[] = [];
  const errors: ArticleError[] = [];
  const results = await mapLimit(names, 32, async (name) => {
    const file = path.join(dir, name);
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
    const parsed = parseArticle(articleIdFromFileName(result.name), result.raw, result.file);
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
