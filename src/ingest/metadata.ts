/**
 * Page facts that Readability either does not give us or gives with less care: the canonical URL, the
 * published date from the three places news sites put it, the language, byline and site name.
 * Read before Readability runs, because Readability changes the document it parses.
 */

/** The small part of the DOM we read: linkedom's and jsdom's documents both satisfy it. */
interface Doc {
  documentElement: { getAttribute(name: string): string | null } | null;
  querySelector(selector: string): { getAttribute(name: string): string | null; textContent: string | null } | null;
  querySelectorAll(selector: string): Iterable<{ getAttribute(name: string): string | null; textContent: string | null }>;
}

export interface PageMetadata {
  canonicalUrl?: string | undefined;
  published?: string | undefined;
  language?: string | undefined;
  byline?: string | undefined;
  siteName?: string | undefined;
  title?: string | undefined;
}

export function readMetadata(document: Doc, baseUrl?: string): PageMetadata {
  const meta = (selector: string) => clean(document.querySelector(selector)?.getAttribute('content'));
  const jsonLd = readJsonLdArticle(document);
  return {
    canonicalUrl:
      absoluteHttpUrl(document.querySelector('link[rel~="canonical"]')?.getAttribute('href'), baseUrl) ??
      absoluteHttpUrl(meta('meta[property="og:url"]'), baseUrl),
    published:
      meta('meta[property="article:published_time"]') ??
      meta('meta[name="article:published_time"]') ??
      meta('meta[itemprop="datePublished"]') ??
      stringField(jsonLd?.datePublished) ??
      clean(document.querySelector('time[datetime]')?.getAttribute('datetime')),
    language: languageTag(document.documentElement?.getAttribute('lang')),
    byline: meta('meta[name="author"]') ?? personName(jsonLd?.author),
    siteName: meta('meta[property="og:site_name"]') ?? personName(jsonLd?.publisher),
    title: meta('meta[property="og:title"]') ?? stringField(jsonLd?.headline),
  };
}

const ARTICLE_TYPES = /^(Article|NewsArticle|ReportageNewsArticle|AnalysisNewsArticle|BlogPosting|Report|OpinionNewsArticle)$/;

/** The first schema.org article object in any JSON-LD block (top level, arrays or `@graph`). */
function readJsonLdArticle(document: Doc): Record<string, unknown> | undefined {
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue; // Broken JSON-LD is common; the other sources still count.
    }
    const found = findArticle(data, 0);
    if (found) return found;
  }
  return undefined;
}

function findArticle(node: unknown, depth: number): Record<string, unknown> | undefined {
  if (depth > 4 || !node || typeof node !== 'object') return undefined;
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = findArticle(item, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  const record = node as Record<string, unknown>;
  const types = ([] as unknown[]).concat(record['@type'] ?? []);
  if (types.some((t) => typeof t === 'string' && ARTICLE_TYPES.test(t))) return record;
  return findArticle(record['@graph'], depth + 1);
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' ? clean(value) : undefined;
}

function personName(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return clean(first);
  if (first && typeof first === 'object') return stringField((first as Record<string, unknown>).name);
  return undefined;
}

/** `en_GB` → `en-GB`; anything that is not a plausible language tag is dropped. */
export function languageTag(value: string | null | undefined): string | undefined {
  const tag = clean(value)?.replace(/_/g, '-');
  if (!tag) return undefined;
  const [primary, ...rest] = tag.split('-');
  const normal = [primary!.toLowerCase(), ...rest].join('-');
  return /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(normal) ? normal : undefined;
}

/** Resolves a possibly relative URL; only http(s) results are kept, without the fragment. */
export function absoluteHttpUrl(value: string | null | undefined, baseUrl?: string): string | undefined {
  const text = clean(value);
  if (!text) return undefined;
  try {
    const url = new URL(text, baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    url.hash = '';
    return url.href;
  } catch {
    return undefined;
  }
}

function clean(value: string | null | undefined): string | undefined {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text ? text : undefined;
}
