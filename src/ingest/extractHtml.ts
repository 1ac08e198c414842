import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { readMetadata } from './metadata.js';
import type { Block, ExtractedArticle } from './types.js';

/** The part of a DOM element we walk. linkedom's elements satisfy it (tsconfig has no DOM lib). */
interface El {
  tagName: string;
  children: ArrayLike<El>;
  textContent: string | null;
  parentNode: El | null;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  remove(): void;
  querySelectorAll(selector: string): ArrayLike<El>;
}

/** Tags that never hold article text. */
const CLUTTER_TAGS = 'nav, footer, aside, form, iframe, noscript, style, button, input, select, textarea, dialog';
/** ARIA roles of page chrome: site header, navigation, footer, sidebars, search. */
const CLUTTER_ROLES = '[role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"], [role="search"], [aria-hidden="true"]';
/** Ad slots announce themselves in attributes as often as in classes. */
const AD_ATTRIBUTES = '[data-ad-slot], [data-ad], [data-ad-unit], [data-google-query-id]';

/**
 * A class or id token that marks page furniture: ads, sponsored boxes, related links, newsletters,
 * cookie banners, share bars, comments. Whole tokens (or their `-`/`_` prefix) only, so `header`,
 * `read` or `shadow` are not mistaken for `ad`.
 */
const CLUTTER_TOKEN =
  /^(ad|ads|adv|advert\w*|dfp|sponsor\w*|promo\w*|related\w*|more-from|moreFrom|recommend\w*|newsletter\w*|signup|cookie\w*|consent|gdpr|share\w*|social\w*|comments?|disqus|outbrain|taboola|paywall|subscribe\w*|breadcrumbs?|byline|dateline|timestamp|pubdate|site-header|site-footer|masthead|sidebar|widget|popup|modal)([-_].*)?$/i;

/** Containers that must never be removed because of a class token (`<body class="has-ads">`). */
const PROTECTED_TAGS = new Set(['HTML', 'HEAD', 'BODY', 'MAIN', 'ARTICLE']);

/** Paragraphs that are labels of furniture that survived, not text. */
const LABEL_ONLY = /^(advertisement|advertising|sponsored|sponsored content|ad|anzeige|read more|related( stories| articles)?)$/i;

const BLOCK_TAGS = new Set([
  'P', 'DIV', 'SECTION', 'ARTICLE', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'PRE', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TD', 'TH',
  'FIGURE', 'FIGCAPTION', 'DL', 'DT', 'DD', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'MAIN', 'HR',
]);

/**
 * Extracts an article from a news page: metadata first (canonical URL, date, language, byline), then
 * page furniture is removed, Mozilla's Readability picks the article body, and the body is flattened
 * into headings and paragraphs. `baseUrl` resolves relative canonical links.
 */
export function extractHtml(html: string, baseUrl?: string): ExtractedArticle {
  const { document } = parseHTML(html) as unknown as { document: DocLike };
  const facts = readMetadata(document as never, baseUrl);
  const fallbackTitle = clean(document.querySelector('title')?.textContent);
  const headline = clean(document.querySelector('h1')?.textContent);
  const visibleByline = clean(document.querySelector('[rel="author"], [itemprop="author"], .byline, .author')?.textContent);
  removeClutter(document);
  const result = new Readability<El>(document as never, { serializer: (node: unknown) => node as El }).parse();
  const title = withoutSiteSuffix(clean(result?.title) ?? facts.title ?? fallbackTitle ?? '', headline);
  const blocks: Block[] = [];
  if (result?.content) collectBlocks(result.content, blocks);
  // The headline often reappears as the body's first heading; it is already the title.
  if (blocks[0]?.kind === 'heading' && sameText(blocks[0].text, title)) blocks.shift();
  return {
    meta: {
      title,
      byline: cleanByline(clean(result?.byline) ?? facts.byline ?? visibleByline),
      published: facts.published ?? clean(result?.publishedTime),
      url: facts.canonicalUrl,
      language: facts.language,
      source: facts.siteName ?? clean(result?.siteName),
    },
    blocks: blocks.filter((b) => b.kind === 'heading' || !LABEL_ONLY.test(b.text)),
  };
}

interface DocLike {
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
}

function removeClutter(document: DocLike): void {
  for (const el of Array.from(document.querySelectorAll(`${CLUTTER_TAGS}, ${CLUTTER_ROLES}, ${AD_ATTRIBUTES}`))) el.remove();
  // A date on a line of its own is metadata (already read), not a paragraph; a date inside a sentence stays.
  for (const el of Array.from(document.querySelectorAll('time'))) if (el.parentNode?.tagName.toUpperCase() !== 'P') el.remove();
  for (const el of Array.from(document.querySelectorAll('[class], [id]'))) {
    if (PROTECTED_TAGS.has(el.tagName.toUpperCase())) continue;
    const tokens = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`.split(/\s+/).filter(Boolean);
    if (tokens.some((t) => CLUTTER_TOKEN.test(t))) el.remove();
  }
}

/** Walks Readability's result in reading order: headings, and the innermost blocks as paragraphs. */
function collectBlocks(node: El, out: Block[]): void {
  for (const child of Array.from(node.children)) {
    const tag = child.tagName.toUpperCase();
    if (/^H[1-6]$/.test(tag)) {
      const text = clean(child.textContent);
      if (text) out.push({ kind: 'heading', text });
    } else if (Array.from(child.children).some((c) => BLOCK_TAGS.has(c.tagName.toUpperCase()))) {
      collectBlocks(child, out);
    } else if (tag !== 'HR') {
      const text = clean(child.textContent);
      if (text) out.push({ kind: 'paragraph', text });
    }
  }
}

/**
 * "Night ferry returns — Island Herald" → "Night ferry returns" when the page's <h1> is exactly the part
 * before a separator (Readability strips "|" and "-" suffixes, not dashes or colons).
 */
function withoutSiteSuffix(title: string, headline: string | undefined): string {
  if (!headline || title === headline || !title.startsWith(headline)) return title;
  return /^\s*[|\-–—:·•»/]\s*\S/.test(title.slice(headline.length)) ? headline : title;
}

/** "By Maren Holt, Local Affairs Reporter" → "Maren Holt, Local Affairs Reporter". */
function cleanByline(value: string | undefined): string | undefined {
  return value?.replace(/^by\s+/i, '').trim() || undefined;
}

function sameText(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return norm(a) === norm(b);
}

function clean(value: string | null | undefined): string | undefined {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text ? text : undefined;
}
