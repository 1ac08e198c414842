import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';
import { ingestUrlForDiscord, removeArticle } from '../../src/ingest/discord.js';
import { ingest, type IngestOptions } from '../../src/ingest/ingest.js';
import { TRUSTING_POLICY } from '../../src/ingest/safeAddress.js';
import { serializeArticle } from '../../src/ingest/writeArticle.js';
import { parseArticle } from '../../src/corpus/parseArticle.js';
import { startLoopbackServer, startStaticServer, type LoopbackServer } from './loopbackServer.js';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/ingest');
const HARBOUR_FILE = 'harbour-town-votes-to-rebuild-its-1902-swing-bridge.md';

let server: LoopbackServer;
let dataDir: string;
let options: IngestOptions;
beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(() => server.close());
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'ingest-test-'));
  options = { dataDir, fetch: { policy: TRUSTING_POLICY } };
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

/** Every entry of DATA_DIR/articles, hidden temp files included; [] when the folder was never made. */
const listArticles = () => readdir(path.join(dataDir, 'articles')).catch(() => [] as string[]);

async function ok(source: string, opts: IngestOptions = options) {
  const outcome = await ingest(source, opts);
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result;
}

describe('ingest', () => {
  it('GIVEN a saved news page THEN it writes one article named after the title, which the corpus loader reads back', async () => {
    const result = await ok(path.join(FIXTURES, 'harbour-bridge.html'));
    expect(result.status).toBe('created');
    expect(await listArticles()).toEqual([HARBOUR_FILE]);
    expect(result.article.paragraphs).toHaveLength(6);
    expect(result.words).toBe(204);
    const corpus = await loadCorpus(dataDir);
    expect(corpus.errors).toEqual([]);
    const article = corpus.articleById.get('harbour-town-votes-to-rebuild-its-1902-swing-bridge')!;
    expect(article).toMatchObject({ title: 'Harbour town votes to rebuild its 1902 swing bridge', source: 'Coastal Courier', published: '2026-03-14T09:30:00Z', language: 'en-GB' });
    expect(article.paragraphs[2]).toMatchObject({ heading: 'A cost of £18.4 million', number: 3 });
    expect(await readFile(result.file, 'utf8')).toMatch(/^---\ntitle: Harbour town votes to rebuild its 1902 swing bridge\nbyline: Maren Holt\n/);
  });

  it('GIVEN a URL THEN the page is fetched and its canonical URL kept; without a canonical link, the final URL after redirects', async () => {
    const harbour = await ok(`${server.origin}/redirect?to=/news/harbour`);
    expect(harbour.article.url).toBe('https://news.example.org/local/2026/03/harbour-swing-bridge');
    const ferry = await ok(`${server.origin}/redirect?to=/news/ferry`);
    expect(ferry.article.url).toBe(`${server.origin}/news/ferry`);
    expect(ferry.article.title).toBe('Night ferry returns after two-year pause');
    expect((await listArticles()).sort()).toEqual([HARBOUR_FILE, 'night-ferry-returns-after-two-year-pause.md']);
  });

  it('GIVEN a plain text URL and a Markdown file THEN both become articles', async () => {
    expect((await ok(`${server.origin}/notes.txt`)).article.title).toBe('Budget passes');
    const md = path.join(dataDir, 'in.md');
    await writeFile(md, '---\ntitle: Library opens\n---\n\nThe new central library opened on Saturday with forty thousand books, a children’s floor, a rooftop reading garden and a café run by volunteers.\n');
    const result = await ok(md);
    expect(result.file).toBe(path.join(dataDir, 'articles', 'library-opens.md'));
    expect(await readFile(result.file, 'utf8')).toBe(await readFile(md, 'utf8'));
  });

  it('GIVEN the same page ingested twice THEN the second time finds it unchanged and writes no second file', async () => {
    const first = await ok(path.join(FIXTURES, 'harbour-bridge.html'));
    const { mtimeMs } = await stat(first.file);
    const again = await ok(`${server.origin}/news/harbour`);
    expect(again.status).toBe('unchanged');
    expect(await listArticles()).toEqual([HARBOUR_FILE]);
    // Not even rewritten: a running bot's watcher sees nothing.
    expect((await stat(first.file)).mtimeMs).toBe(mtimeMs);
  });

  it('GIVEN the same page ingested twice at once THEN the writes take turns and one file results', async () => {
    const [a, b] = await Promise.all([ok(path.join(FIXTURES, 'harbour-bridge.html')), ok(path.join(FIXTURES, 'harbour-bridge.html'))]);
    expect([a.status, b.status].sort()).toEqual(['created', 'unchanged']);
    expect(await listArticles()).toEqual([HARBOUR_FILE]);
  });

  it('GIVEN an article with the same canonical URL but new text THEN the existing file is updated in place', async () => {
    const first = await ok(path.join(FIXTURES, 'harbour-bridge.html'));
    const corrected = path.join(dataDir, 'corrected.html');
    const html = (await readFile(path.join(FIXTURES, 'harbour-bridge.html'), 'utf8'))
      .replace('voted 9 to 2', 'voted 8 to 3')
      .replace(/Harbour town votes to rebuild its 1902 swing bridge/g, 'Port Ellery council backs swing bridge rebuild');
    await writeFile(corrected, html);
    const second = await ok(corrected);
    expect(second.status).toBe('updated');
    expect(second.file).toBe(first.file);
    expect(await listArticles()).toEqual([HARBOUR_FILE]);
    const text = await readFile(first.file, 'utf8');
    expect(text).toContain('voted 8 to 3');
    expect(text).toContain('title: Port Ellery council backs swing bridge rebuild');
  });

  it('GIVEN the same body text under another title and no URL THEN the existing file is updated in place', async () => {
    const first = await ok(path.join(FIXTURES, 'orchard-jsonld.html'));
    const paragraphs = first.article.paragraphs.map((p) => p.text).join('\n\n');
    const txt = path.join(dataDir, 'copy.txt');
    await writeFile(txt, `Apple harvest down a third\n\n${paragraphs}\n`);
    const second = await ok(txt);
    expect(second.status).toBe('updated');
    expect(second.file).toBe(first.file);
    expect(await listArticles()).toHaveLength(1);
  });

  it('GIVEN a different article with the same title THEN it gets its own file with a numbered name', async () => {
    await ok(path.join(FIXTURES, 'harbour-bridge.html'));
    const txt = path.join(dataDir, 'other.txt');
    await writeFile(txt, 'Harbour town votes to rebuild its 1902 swing bridge\n\nA different town, a different bridge: the council in Westby voted unanimously to rebuild its wooden footbridge over the mill stream next summer.\n');
    const second = await ok(txt);
    expect(second.status).toBe('created');
    expect(path.basename(second.file)).toBe('harbour-town-votes-to-rebuild-its-1902-swing-bridge-2.md');
  });

  it('GIVEN the rename fails THEN the write leaves no partial or temp file and the old article is intact', async () => {
    const first = await ok(path.join(FIXTURES, 'harbour-bridge.html'));
    const before = await readFile(first.file, 'utf8');
    const crash = new Error('simulated crash before rename');
    const failing: IngestOptions = { ...options, io: { rename: async () => Promise.reject(crash) } };
    const corrected = path.join(dataDir, 'corrected.html');
    await writeFile(corrected, (await readFile(path.join(FIXTURES, 'harbour-bridge.html'), 'utf8')).replace('voted 9 to 2', 'voted 8 to 3'));
    await expect(ingest(corrected, failing)).rejects.toBe(crash);
    await expect(ingest(path.join(FIXTURES, 'orchard-jsonld.html'), failing)).rejects.toBe(crash);
    expect(await listArticles()).toEqual([HARBOUR_FILE]);
    expect(await readFile(first.file, 'utf8')).toBe(before);
  });

  it.each([
    ['a missing file', () => path.join(FIXTURES, 'does-not-exist.html'), 'missing-file', /no such file: .*does-not-exist\.html/],
    ['a page with no article text', () => path.join(FIXTURES, 'no-article.html'), 'no-article', /found no article text in .*no-article\.html/],
    ['a page with no article text, by URL', () => `${server.origin}/missing`, 'no-article', /found no article text/],
    ['an unreachable URL', () => 'http://127.0.0.1:9/news', 'unreachable', /could not connect to 127\.0\.0\.1:9/],
    ['a non-HTML response', () => `${server.origin}/json`, 'not-html', /application\/json/],
    ['a page over 5 MB', () => `${server.origin}/huge-declared`, 'too-large', /5 MB limit/],
    ['a 404', () => `${server.origin}/nope`, 'http-status', /HTTP 404/],
    ['an unsupported scheme', () => 'ftp://example.org/a.html', 'bad-input', /only http and https/],
  ])('GIVEN %s THEN the outcome names the problem and nothing is written', async (_what, source, code, message) => {
    const outcome = await ingest(source(), options);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.code).toBe(code);
      expect(outcome.error.message).toMatch(message);
    }
    expect(await listArticles()).toEqual([]);
  });

  it('GIVEN a URL that times out THEN nothing is written', async () => {
    const outcome = await ingest(`${server.origin}/slow`, { ...options, fetch: { ...options.fetch, timeoutMs: 200 } });
    expect(outcome.ok ? 'ok' : outcome.error.code).toBe('timeout');
    expect(await listArticles()).toEqual([]);
  });
});

describe('Discord command core', () => {
  it('GIVEN a loopback URL THEN /article add refuses it under the strict policy and writes nothing', async () => {
    const outcome = await ingestUrlForDiscord(`${server.origin}/news/harbour`, dataDir);
    expect(outcome.ok ? 'ok' : outcome.error.code).toBe('blocked-address');
    expect(await listArticles()).toEqual([]);
  });

  it('GIVEN a file path THEN /article add refuses it: a Discord user never reads files on this machine', async () => {
    const outcome = await ingestUrlForDiscord(path.join(FIXTURES, 'harbour-bridge.html'), dataDir);
    expect(outcome.ok ? 'ok' : outcome.error.code).toBe('bad-input');
    expect(await listArticles()).toEqual([]);
  });

  it('GIVEN a page whose canonical URL names another site THEN /article add keeps the address it was fetched from, and cannot overwrite that site\'s article', async () => {
    const cli = await ok(path.join(FIXTURES, 'harbour-bridge.html'));
    expect(cli.article.url).toBe('https://news.example.org/local/2026/03/harbour-swing-bridge');
    const impostor = path.join(dataDir, 'impostor.html');
    await writeFile(impostor, (await readFile(path.join(FIXTURES, 'harbour-bridge.html'), 'utf8')).replace(/Port Ellery/g, 'Fakeville'));
    const served = await startStaticServer(impostor);
    try {
      const outcome = await ingestUrlForDiscord(`${served.origin}/`, dataDir, { policy: { allowPrivate: false, allowAddresses: ['127.0.0.1'] } });
      expect(outcome.ok && outcome.result.status).toBe('created');
      expect(outcome.ok && outcome.result.article.url).toBe(`${served.origin}/`);
    } finally {
      await served.close();
    }
    expect(await readFile(cli.file, 'utf8')).not.toContain('Fakeville');
    expect(await listArticles()).toHaveLength(2);
  });

  it('GIVEN an allowed address THEN /article add ingests, and /article remove deletes by id or by URL', async () => {
    const policy = { allowPrivate: false, allowAddresses: ['127.0.0.1'] };
    const added = await ingestUrlForDiscord(`${server.origin}/news/harbour`, dataDir, { policy });
    expect(added.ok).toBe(true);
    const orchard = await ingestUrlForDiscord(`${server.origin}/news/orchard`, dataDir, { policy });
    expect(orchard.ok).toBe(true);

    const byId = await removeArticle(dataDir, 'harbour-town-votes-to-rebuild-its-1902-swing-bridge');
    expect(byId).toMatchObject({ ok: true, title: 'Harbour town votes to rebuild its 1902 swing bridge' });
    const byUrl = await removeArticle(dataDir, `${server.origin}/news/orchard?utm_source=x#comments`);
    expect(byUrl).toMatchObject({ ok: true, id: 'frost-cuts-apple-harvest-by-a-third-in-valley-orchards' });
    expect(await listArticles()).toEqual([]);

    const again = await removeArticle(dataDir, 'harbour-town-votes-to-rebuild-its-1902-swing-bridge');
    expect(again.ok ? 'ok' : again.error.message).toBe('no article with id "harbour-town-votes-to-rebuild-its-1902-swing-bridge"');
  });
});

describe('serializeArticle', () => {
  it('GIVEN odd page metadata THEN fields the corpus schema would reject are left out, so the article still loads', () => {
    const text = serializeArticle({
      meta: { title: '"Quoted" headline', byline: 'A. Writer', source: 'Desk', url: 'ftp://example.org/a', published: 'x'.repeat(80), language: 'English' },
      blocks: [
        { kind: 'heading', text: 'Section\none' },
        { kind: 'paragraph', text: 'A paragraph\n  over two lines.' },
      ],
    });
    expect(text).toBe('---\ntitle: "\\"Quoted\\" headline"\nbyline: A. Writer\nsource: Desk\n---\n\n# Section one\n\nA paragraph over two lines.\n');
    const parsed = parseArticle('x', text);
    expect(parsed.ok && parsed.article.title).toBe('"Quoted" headline');
    expect(parsed.ok && parsed.article.paragraphs.map((p) => [p.heading, p.text])).toEqual([['Section one', 'A paragraph over two lines.']]);
  });
});
