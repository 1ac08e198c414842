import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { IngestError } from './errors.js';
import { extractHtml } from './extractHtml.js';
import { DEFAULT_MAX_BYTES, fetchPage, formatBytes, type FetchOptions, type PageKind } from './fetchPage.js';
import { absoluteHttpUrl } from './metadata.js';
import { readMarkdown, readPlainText } from './readText.js';
import type { ExtractedArticle } from './types.js';
import { writeArticle, type WriteIo, type WriteOptions, type WriteResult } from './writeArticle.js';

/** Fewer words than this is a navigation page, an error page or a stub, not an article. */
export const MIN_ARTICLE_WORDS = 20;

export interface IngestOptions {
  dataDir: string;
  /** How to fetch URLs; `policy` decides which addresses may be reached. */
  fetch: FetchOptions;
  io?: WriteIo;
  /** Write to this server's own shelf instead of the library (`/article add`). */
  server?: string | undefined;
  /** Checked before writing, inside the shelf's write lock; throw an IngestError to refuse (see `WriteOptions.admit`). */
  admit?: WriteOptions['admit'];
  /**
   * Keep a page's canonical URL only when it is on the host the page was served from (ignoring a
   * `www.`, `m.` or `amp.` prefix). For user-supplied URLs: a page must not be able to claim another
   * site's address, which would make citations link there and could overwrite that site's article
   * through the duplicate check.
   */
  sameHostCanonical?: boolean;
}

export type IngestOutcome = { ok: true; result: WriteResult } | { ok: false; error: IngestError };

/**
 * Ingests one source (an http(s) URL or a file path: `.html`, `.md`, `.txt`) into `DATA_DIR/articles`.
 * Expected failures come back as values; nothing is written unless an article was extracted.
 *
 * @example
 * const outcome = await ingest('saved-page.html', { dataDir: 'data', fetch: { policy: TRUSTING_POLICY } });
 * if (!outcome.ok) console.error(outcome.error.message);
 */
export async function ingest(source: string, options: IngestOptions): Promise<IngestOutcome> {
  try {
    const extracted = await readSource(source, options.fetch, options.sameHostCanonical);
    return { ok: true, result: await writeArticle(options.dataDir, extracted, { io: options.io, server: options.server, admit: options.admit }) };
  } catch (error) {
    if (error instanceof IngestError) return { ok: false, error };
    throw error;
  }
}

/** Reads and extracts without writing; throws `IngestError` for expected failures. */
export async function readSource(source: string, fetchOptions: FetchOptions, sameHostCanonical = false): Promise<ExtractedArticle> {
  const trimmed = source.trim();
  if (!trimmed) throw new IngestError('bad-input', 'give a file path or an http(s) URL to ingest');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    const page = await fetchPage(trimmed, fetchOptions);
    const extracted = extract(page.body, page.kind, page.url, page.url);
    if (sameHostCanonical && extracted.meta.url && siteHost(extracted.meta.url) !== siteHost(page.url)) extracted.meta.url = undefined;
    // A page without a (usable) canonical link is known by the address it was finally served from.
    extracted.meta.url ??= absoluteHttpUrl(page.url);
    return requireText(extracted, page.url);
  }
  const file = path.resolve(trimmed);
  const kind = kindFromExtension(file);
  const maxBytes = fetchOptions.maxBytes ?? DEFAULT_MAX_BYTES;
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new IngestError('bad-input', `${trimmed} is not a file`);
    if (info.size > maxBytes) throw new IngestError('too-large', `${trimmed} is ${formatBytes(info.size)}, over the ${formatBytes(maxBytes)} limit`);
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof IngestError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new IngestError('missing-file', `no such file: ${trimmed}`);
    throw new IngestError('missing-file', `cannot read ${trimmed}: ${code ?? String(error)}`);
  }
  return requireText(extract(text, kind ?? sniffKind(text), trimmed), trimmed);
}

function extract(text: string, kind: PageKind, label: string, baseUrl?: string): ExtractedArticle {
  if (kind === 'html') return extractHtml(text, baseUrl);
  if (kind === 'markdown') return readMarkdown(text, label);
  return readPlainText(text);
}

function requireText(article: ExtractedArticle, label: string): ExtractedArticle {
  const paragraphs = article.blocks.filter((b) => b.kind === 'paragraph');
  const words = paragraphs.reduce((n, b) => n + (b.text.match(/\S+/g)?.length ?? 0), 0);
  if (paragraphs.length === 0 || words < MIN_ARTICLE_WORDS) {
    throw new IngestError('no-article', `found no article text in ${label} (${words} words of body text; an article needs at least ${MIN_ARTICLE_WORDS})`);
  }
  if (!article.meta.title.trim()) throw new IngestError('no-article', `found no title in ${label}`);
  return article;
}

function kindFromExtension(file: string): PageKind | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.html' || ext === '.htm' || ext === '.xhtml') return 'html';
  if (ext === '.md' || ext === '.markdown') return 'markdown';
  if (ext === '.txt' || ext === '.text') return 'text';
  return undefined;
}

/** A file without a telling extension: HTML if it looks like markup, else plain text. */
function sniffKind(text: string): PageKind {
  return /^\s*(<!doctype html|<html[\s>])/i.test(text) ? 'html' : 'text';
}

/** The host without a `www.`, `m.` or `amp.` prefix: the same site's desktop, mobile and AMP pages match. */
function siteHost(url: string): string {
  return new URL(url).hostname.toLowerCase().replace(/^(www|m|amp)\./, '');
}
