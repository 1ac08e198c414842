import { unlink } from 'node:fs/promises';
import { articleIdFromFileName } from '../corpus/parseArticle.js';
import { loadCorpus } from '../corpus/loadCorpus.js';
import { IngestError } from './errors.js';
import { ingest, type IngestOutcome } from './ingest.js';
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
export async function ingestUrlForDiscord(url: string, dataDir: string, fetch: Partial<FetchOptions> = {}): Promise<IngestOutcome> {
  try {
    parseHttpUrl(url.trim(), 'URL');
  } catch (error) {
    if (error instanceof IngestError) return { ok: false, error };
    throw error;
  }
  return ingest(url.trim(), { dataDir, fetch: { ...fetch, policy: fetch.policy ?? STRICT_POLICY }, sameHostCanonical: true });
}

export type RemoveOutcome = { ok: true; id: string; title: string; file: string } | { ok: false; error: IngestError };

/**
 * The transport-free core of `/article remove`: deletes the article file whose id (file name without
 * `.md`) or canonical URL matches. A running bot's article watcher then drops it from the index.
 */
export async function removeArticle(dataDir: string, idOrUrl: string): Promise<RemoveOutcome> {
  const wanted = idOrUrl.trim();
  const corpus = await loadCorpus(dataDir);
  const isUrl = /^https?:\/\//i.test(wanted);
  const article = isUrl
    ? corpus.articles.find((a) => a.url && normalizeUrl(a.url) === normalizeUrl(wanted))
    : (corpus.articleById.get(wanted) ?? corpus.articleById.get(articleIdFromFileName(wanted)));
  if (!article?.file) {
    return { ok: false, error: new IngestError('not-found', `no article with ${isUrl ? 'URL' : 'id'} ${JSON.stringify(wanted)}`) };
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
