import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractHtml } from '../../src/ingest/extractHtml.js';
import { IngestError } from '../../src/ingest/errors.js';
import { readMarkdown, readPlainText } from '../../src/ingest/readText.js';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, '../fixtures/ingest', name), 'utf8');
const paragraphs = (blocks: Array<{ kind: string; text: string }>) => blocks.filter((b) => b.kind === 'paragraph').map((b) => b.text);
const allText = (blocks: Array<{ text: string }>) => blocks.map((b) => b.text).join('\n');

describe('extractHtml', () => {
  it('GIVEN a news page with meta tags THEN title, byline, date, canonical URL, language and site come from the page', () => {
    const { meta } = extractHtml(fixture('harbour-bridge.html'), 'https://news.example.org/whatever');
    expect(meta).toEqual({
      title: 'Harbour town votes to rebuild its 1902 swing bridge',
      byline: 'Maren Holt',
      published: '2026-03-14T09:30:00Z',
      // link rel=canonical wins over og:url (which carries a tracking parameter here).
      url: 'https://news.example.org/local/2026/03/harbour-swing-bridge',
      language: 'en-GB',
      source: 'Coastal Courier',
    });
  });

  it('GIVEN a news page THEN the body keeps its paragraphs and headings in order and drops nav, ads, related links, comments and footer', () => {
    const { blocks } = extractHtml(fixture('harbour-bridge.html'));
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'paragraph', 'heading', 'paragraph', 'paragraph', 'heading', 'paragraph', 'paragraph']);
    expect(blocks[0]!.text).toMatch(/^Councillors in Port Ellery voted 9 to 2/);
    expect(blocks[2]).toEqual({ kind: 'heading', text: 'A cost of £18.4 million' });
    expect(blocks[7]!.text).toMatch(/put on display beside the new bridge\.$/);
    const text = allText(blocks);
    for (const furniture of ['Subscribe', 'ADVERTISEMENT', 'Advertisement', 'crossword app', 'ferry tickets', 'Related stories', 'Bus detour adds', 'Share on social', 'Comments (12)', 'morning briefing', 'All rights reserved', 'Privacy policy', 'cookies', 'Local Affairs Reporter']) {
      expect(text).not.toContain(furniture);
    }
  });

  it('GIVEN a page whose date and author are only in JSON-LD and URL only in og:url THEN they are read from there', () => {
    const { meta, blocks } = extractHtml(fixture('orchard-jsonld.html'));
    expect(meta.published).toBe('2026-09-02T06:00:00+02:00');
    expect(meta.byline).toBe('Tomas Reyes');
    expect(meta.url).toBe('https://valleydaily.example.net/farming/frost-apple-harvest');
    expect(meta.source).toBe('Valley Daily');
    expect(paragraphs(blocks)).toHaveLength(4);
    expect(allText(blocks)).not.toMatch(/FrostGuard|Vineyard tours|More from Valley Daily|Imprint/);
  });

  it('GIVEN a page whose date is only a <time datetime> and whose title has a dash-separated site name THEN both are cleaned', () => {
    const { meta, blocks } = extractHtml(fixture('ferry-time-only.html'));
    expect(meta.title).toBe('Night ferry returns after two-year pause');
    expect(meta.published).toBe('2026-05-20');
    expect(meta.byline).toBe('Priya Nandakumar');
    expect(meta.language).toBe('en-US');
    expect(meta.url).toBeUndefined();
    expect(paragraphs(blocks)).toHaveLength(3);
    expect(allText(blocks)).not.toMatch(/20 May 2026|Ten beaches|Share on social|About the Herald|Events/);
  });

  it('GIVEN a relative canonical link THEN it is resolved against the page URL, without its fragment', () => {
    const html = fixture('ferry-time-only.html').replace('<head>', '<head><link rel="canonical" href="/news/night-ferry#top">');
    expect(extractHtml(html, 'https://islandherald.example.com/amp/123').meta.url).toBe('https://islandherald.example.com/news/night-ferry');
  });

  it('GIVEN a page with no article THEN no paragraphs come out', () => {
    expect(paragraphs(extractHtml(fixture('no-article.html')).blocks)).toEqual([]);
  });
});

describe('readPlainText', () => {
  it('GIVEN plain text THEN the first line is the title and blank lines separate paragraphs', () => {
    const { meta, blocks } = readPlainText('\n  Budget passes\nThe city budget passed\non Monday.\n\nIt adds two bus lines.\n');
    expect(meta.title).toBe('Budget passes');
    expect(blocks).toEqual([
      { kind: 'paragraph', text: 'The city budget passed on Monday.' },
      { kind: 'paragraph', text: 'It adds two bus lines.' },
    ]);
  });
});

describe('readMarkdown', () => {
  it('GIVEN Markdown with valid front matter THEN it is passed through unchanged', () => {
    const raw = '---\ntitle: Budget passes\nsource: City Desk\nextra: kept\n---\n\nThe city budget passed on Monday.\n\n# Buses\n\nIt adds two bus lines.\n';
    const result = readMarkdown(raw, 'budget.md');
    expect(result.verbatim).toBe(raw);
    expect(result.meta).toMatchObject({ title: 'Budget passes', source: 'City Desk' });
    expect(result.blocks).toEqual([
      { kind: 'paragraph', text: 'The city budget passed on Monday.' },
      { kind: 'heading', text: 'Buses' },
      { kind: 'paragraph', text: 'It adds two bus lines.' },
    ]);
  });

  it('GIVEN Markdown whose front matter is invalid THEN it is refused naming the file and field', () => {
    expect(() => readMarkdown('---\nsource: City Desk\n---\n\nText.\n', 'budget.md')).toThrow(IngestError);
    expect(() => readMarkdown('---\nsource: City Desk\n---\n\nText.\n', 'budget.md')).toThrow(/budget\.md: field "title" is required/);
  });

  it('GIVEN Markdown without front matter THEN the first heading is the title and later headings stay headings', () => {
    const { meta, blocks, verbatim } = readMarkdown('# Budget passes\n\nThe city budget passed.\n## Buses\nTwo new lines.\n');
    expect(verbatim).toBeUndefined();
    expect(meta.title).toBe('Budget passes');
    expect(blocks).toEqual([
      { kind: 'paragraph', text: 'The city budget passed.' },
      { kind: 'heading', text: 'Buses' },
      { kind: 'paragraph', text: 'Two new lines.' },
    ]);
  });
});
