import { unlink } from 'node:fs/promises';
import { articleIdFromFileName } from '../corpus/parseArticle.js';
import { loadShelf } from '../corpus/loadCorpus.js';
import { scopedArticleId } from '../corpus/scope.js';
import type { Article } from '../corpus/types.js';
import { IngestError } from './errors.js';
import { ingest, type IngestOptions, type IngestOutcome } from './ingest.js';
import type { FetchOptions } from './fetchPage.js';
import { parseHttpUrl } from './fetchPage.js';
import { STRICT_POLICY } from './safeAddress.js';
import { normalizeUrl } from './writeArticle.js';

/**
 * The transport-free core of `/article add url:`. A Discord user chose the URL, so: only http(s) URLs
 * (never a file path on this machine), the strict address policy on the first request and on every
 * redirect, the default size and time limits, and a canonical URL kept only if it is on the page's own
 * host (so a page cannot pose as another site's article). `fetch` may tighten the limits; `fetch.policy`
 * defaults to `STRICT_POLICY` (pass one only to add an operator's `allowAddresses`, as the tests do).
 */
export async function ingestUrlForDiscord(
  url: string,
  dataDir: string,
  fetch: Partial<FetchOptions> = {},
  shelf: Pick<IngestOptions, 'server' | 'admit'> = {},
): Promise<IngestOutcome> {
  try {
    parseHttpUrl(url.trim(), 'URL');
  } catch (error) {
    if (error instanceof IngestError) return { ok: false, error };
    throw error;
  }
  return ingest(url.trim(), { dataDir, fetch: { ...fetch, policy: fetch.policy ?? STRICT_POLICY }, sameHostCanonical: true, ...shelf });
}

export type RemoveOutcome = { ok: true; id: string; title: string; file: string } | { ok: false; error: IngestError };

/**
 * The transport-free core of `/article remove`: deletes the article file whose id (file name without
 * `.md`, with or without its `<server>/` prefix) or canonical URL matches, on one shelf only: the
 * server's own folder when `server` is given, else the library (the operator's command line). A server
 * can never reach another shelf: it is not looked at. A running bot's article watcher then drops it.
 */
export async function removeArticle(dataDir: string, idOrUrl: string, server?: string): Promise<RemoveOutcome> {
  const wanted = idOrUrl.trim();
  const article = findOnShelf((await loadShelf(dataDir, server)).map((s) => s.article), wanted, server);
  if (!article?.file) {
    return { ok: false, error: new IngestError('not-found', `no article with ${isUrl(wanted) ? 'URL' : 'id'} ${JSON.stringify(wanted)}`) };
  }
  try {
    await unlink(article.file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, error: new IngestError('not-found', `article "${article.id}" was already removed`) };
    throw error;
  }
  return { ok: true, id: article.id, title: article.title, file: article.file };
}

/** The article an id or URL names among `articles` (a shelf's), if any. */
export function findOnShelf(articles: readonly Article[], idOrUrl: string, server?: string): Article | undefined {
  const wanted = idOrUrl.trim();
  if (isUrl(wanted)) return articles.find((a) => a.url && normalizeUrl(a.url) === normalizeUrl(wanted));
  const bare = server && wanted.startsWith(`${server}/`) ? wanted.slice(server.length + 1) : wanted;
  const ids = [bare, articleIdFromFileName(bare)].map((id) => scopedArticleId(server, id));
  return articles.find((a) => ids.includes(a.id));
}

function isUrl(text: string): boolean {
  return /^https?:\/\//i.test(text);
}
