import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { IngestError } from './errors.js';
import { checkAddress, type AddressPolicy } from './safeAddress.js';

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;

/** A resolved address, as `dns.lookup(host, { all: true })` returns it. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

export interface FetchOptions {
  policy: AddressPolicy;
  /** Whole-fetch deadline, redirects and body included. */
  timeoutMs?: number;
  /** Cap on the (decoded) body; enforced while streaming. */
  maxBytes?: number;
  maxRedirects?: number;
  /** Name resolution; defaults to the system resolver. Tests replace it to map names to loopback. */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
}

/** What kind of document a response holds, from its Content-Type. */
export type PageKind = 'html' | 'text' | 'markdown';

export interface FetchedPage {
  /** The URL of the final response, after redirects. */
  url: string;
  kind: PageKind;
  body: string;
  bytes: number;
  redirects: string[];
}

const KIND_BY_MIME: Record<string, PageKind> = {
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/plain': 'text',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
};

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

const systemResolve = (hostname: string): Promise<ResolvedAddress[]> => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * Fetches an http(s) page for ingesting. Every hop (the first request and each redirect, followed by
 * hand so each is checked) resolves the host, checks every resolved address against `policy`, and then
 * connects to exactly the checked address (a pinned `lookup`), so a DNS answer that changes between
 * check and connect cannot reach a refused address. Throws `IngestError` naming what went wrong.
 *
 * @example
 * const page = await fetchPage('https://example.org/news/1', { policy: STRICT_POLICY });
 */
export async function fetchPage(input: string, options: FetchOptions): Promise<FetchedPage> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const timedOut = () => new IngestError('timeout', `${input} did not answer within ${formatMs(timeoutMs)}`);
  const redirects: string[] = [];
  try {
    let url = parseHttpUrl(input);
    for (;;) {
      const pinned = await withAbort(resolveAndCheck(url, options), controller.signal, timedOut);
      const response = await request(url, pinned, controller.signal).catch((error: unknown) => {
        throw controller.signal.aborted ? timedOut() : connectionError(url, error);
      });
      const status = response.statusCode ?? 0;
      if (REDIRECT_STATUSES.has(status) && response.headers.location) {
        response.destroy();
        if (redirects.length >= maxRedirects) {
          throw new IngestError('too-many-redirects', `${input} redirected more than ${maxRedirects} times (last to ${response.headers.location})`);
        }
        url = parseHttpUrl(new URL(response.headers.location, url).href, `redirect from ${url.href}`);
        redirects.push(url.href);
        continue;
      }
      if (status < 200 || status > 299) {
        response.destroy();
        throw new IngestError('http-status', `${url.href} answered HTTP ${status} ${response.statusMessage ?? ''}`.trim());
      }
      const kind = pageKind(url, response);
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        response.destroy();
        throw tooLarge(url, maxBytes, `declares ${formatBytes(declared)}`);
      }
      const raw = await readCapped(url, response, maxBytes).catch((error: unknown) => {
        throw controller.signal.aborted ? timedOut() : error;
      });
      return { url: url.href, kind, body: decode(raw, response.headers['content-type']), bytes: raw.length, redirects };
    }
  } finally {
    clearTimeout(timer);
  }
}

/** Accepts only absolute http: and https: URLs; the message says which input (or redirect) was bad. */
export function parseHttpUrl(input: string, what = 'address'): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new IngestError('bad-input', `${what} ${JSON.stringify(input)} is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new IngestError('bad-input', `${what} ${url.href} uses ${url.protocol.replace(/:$/, '')}; only http and https are allowed`);
  }
  return url;
}

async function resolveAndCheck(url: URL, options: FetchOptions): Promise<ResolvedAddress> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: ResolvedAddress[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await (options.resolve ?? systemResolve)(host);
    } catch (error) {
      throw new IngestError('unreachable', `could not resolve ${host}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  if (addresses.length === 0) throw new IngestError('unreachable', `could not resolve ${host}: no addresses`);
  // Every answer must pass, not just the first: the connection could otherwise land on any of them.
  for (const { address } of addresses) {
    const verdict = checkAddress(address, options.policy);
    if (!verdict.ok) {
      const via = address === host ? '' : ` (${host} resolves to ${address})`;
      throw new IngestError('blocked-address', `refused ${url.href}${via}: ${verdict.address} ${verdict.reason}`);
    }
  }
  return addresses[0]!;
}

/** A `lookup` that always answers with the address we already checked. */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  }) as unknown as LookupFunction;
}

function request(url: URL, pinned: ResolvedAddress, signal: AbortSignal): Promise<IncomingMessage> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: {
          'user-agent': 'article-qa-bot-ingest/0.1 (+article ingest)',
          accept: 'text/html,application/xhtml+xml,text/plain;q=0.8,text/markdown;q=0.8',
          'accept-encoding': 'gzip, deflate, br',
        },
        lookup: pinnedLookup(pinned),
        // A fresh connection per hop: a pooled socket could belong to an earlier resolution.
        agent: false,
        signal,
      },
      resolve,
    );
    req.on('error', reject);
    req.end();
  });
}

function pageKind(url: URL, response: IncomingMessage): PageKind {
  const header = response.headers['content-type'];
  const mime = header?.split(';')[0]?.trim().toLowerCase();
  const kind = mime ? KIND_BY_MIME[mime] : undefined;
  if (!kind) {
    response.destroy();
    throw new IngestError('not-html', `${url.href} is ${mime ? `"${mime}"` : 'of no declared type'}, not an HTML or text page`);
  }
  return kind;
}

/** Reads the body, decompressing if needed, and stops as soon as it passes `maxBytes`. */
async function readCapped(url: URL, response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase();
  let stream: Readable = response;
  if (encoding === 'gzip' || encoding === 'x-gzip') stream = response.pipe(zlib.createGunzip());
  else if (encoding === 'deflate') stream = response.pipe(zlib.createInflate());
  else if (encoding === 'br') stream = response.pipe(zlib.createBrotliDecompress());
  // pipe() does not forward errors: without this a connection dropped mid-body would leave the
  // decompressor waiting until the deadline, reported as a timeout instead of what happened.
  if (stream !== response) response.on('error', (error) => stream.destroy(error));
  else response.on('error', () => undefined);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      total += (chunk as Buffer).length;
      if (total > maxBytes) throw tooLarge(url, maxBytes, 'sent more');
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof IngestError) throw error;
    throw new IngestError('unreachable', `${url.href}: the connection failed while reading the page (${errorText(error)})`);
  } finally {
    response.destroy();
    if (stream !== response) stream.destroy();
  }
  return Buffer.concat(chunks);
}

/** Decodes with the charset from Content-Type, else a `<meta charset>` near the top, else UTF-8. */
function decode(raw: Buffer, contentType: string | undefined): string {
  const fromHeader = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  const head = raw.subarray(0, 1024).toString('latin1');
  const fromMeta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  for (const label of [fromHeader, fromMeta, 'utf-8']) {
    if (!label) continue;
    try {
      return new TextDecoder(label).decode(raw);
    } catch {
      // Unknown label: try the next source.
    }
  }
  return raw.toString('utf8');
}

function withAbort<T>(promise: Promise<T>, signal: AbortSignal, onAbort: () => Error): Promise<T> {
  if (signal.aborted) return Promise.reject(onAbort());
  return new Promise((resolve, reject) => {
    const abort = () => reject(onAbort());
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

function connectionError(url: URL, error: unknown): IngestError {
  return new IngestError('unreachable', `could not connect to ${url.host}: ${errorText(error)}`);
}

function errorText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code ? `${e.code}${e.message && !e.message.includes(e.code) ? ` ${e.message}` : ''}` : String(e.message ?? error);
}

function tooLarge(url: URL, maxBytes: number, detail: string): IngestError {
  return new IngestError('too-large', `${url.href} is larger than the ${formatBytes(maxBytes)} limit (${detail})`);
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${+(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${+(n / 1024).toFixed(1)} KB` : `${n} bytes`;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}
