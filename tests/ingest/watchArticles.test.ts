import { mkdir, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';
import { watchArticles, type ArticleChanges, type ArticleWatcher } from '../../src/corpus/watchArticles.js';
import { applyArticleChanges } from '../../src/index/applyArticleChanges.js';
import { buildIndex, type SearchIndex } from '../../src/index/buildIndex.js';
import { startLiveReload } from '../../src/index/liveReload.js';
import { ANSWER_SEARCH } from '../../src/index/options.js';
import { ingest } from '../../src/ingest/ingest.js';
import { TRUSTING_POLICY } from '../../src/ingest/safeAddress.js';
import { writeFileAtomic } from '../../src/files/writeFileAtomic.js';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/ingest');
const BUS = '---\ntitle: Bus fares frozen\nsource: City Desk\n---\n\nBus fares in Port Ellery will stay at 1.20 pounds until next April, the transport board decided.\n';

let dataDir: string;
let watcher: ArticleWatcher | undefined;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'watch-test-'));
  await mkdir(path.join(dataDir, 'articles'));
  await writeFile(path.join(dataDir, 'articles', 'bus-fares.md'), BUS);
});
afterEach(async () => {
  watcher?.close();
  watcher = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

/** Starts a watcher that applies every report to `index` and lets a test wait for the next report. */
async function liveIndex() {
  const index = buildIndex(await loadCorpus(dataDir));
  const reports: ArticleChanges[] = [];
  let wake: (() => void) | undefined;
  watcher = watchArticles(
    dataDir,
    (changes) => {
      applyArticleChanges(index, changes);
      reports.push(changes);
      wake?.();
    },
    { debounceMs: 80 },
  );
  await watcher.ready;
  let consumed = 0;
  /** The next report not yet looked at, waiting (bounded) for it if it has not come yet. */
  const next = async (): Promise<ArticleChanges> => {
    if (reports.length <= consumed) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no change reported within 5 s')), 5000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return reports[consumed++]!;
  };
  return { index, next };
}

const topArticle = (index: SearchIndex, query: string) => index.search.search(query, ANSWER_SEARCH)[0]?.id.split('#')[0];

describe('watchArticles + applyArticleChanges', () => {
  it('GIVEN a running index WHEN an article is ingested, changed and removed THEN each is reported and the index answers from the current files', async () => {
    const { index, next } = await liveIndex();
    expect(topArticle(index, 'swing bridge girders')).toBeUndefined();

    const written = await ingest(path.join(FIXTURES, 'harbour-bridge.html'), { dataDir, fetch: { policy: TRUSTING_POLICY } });
    expect(written.ok).toBe(true);
    const added = await next();
    expect(added.added.map((a) => a.id)).toEqual(['harbour-town-votes-to-rebuild-its-1902-swing-bridge']);
    expect(added.changed).toEqual([]);
    expect(topArticle(index, 'swing bridge girders')).toBe('harbour-town-votes-to-rebuild-its-1902-swing-bridge');
    expect(index.corpus.articles.map((a) => a.id)).toEqual(['bus-fares', 'harbour-town-votes-to-rebuild-its-1902-swing-bridge']);

    const file = path.join(dataDir, 'articles', 'bus-fares.md');
    // Whole-file replacement (as ingest and most editors do), so no half-written state is observable.
    await writeFileAtomic(file, BUS.replace('stay at 1.20 pounds until next April', 'rise to 1.50 pounds in March').concat('\nTram tickets are unaffected by the change in bus fares.\n'));
    const changed = await next();
    expect(changed.changed.map((a) => a.id)).toEqual(['bus-fares']);
    expect(index.corpus.articleById.get('bus-fares')!.paragraphs).toHaveLength(2);
    expect(index.corpus.paragraphById.get('bus-fares#p2')!.text).toMatch(/^Tram tickets/);
    expect(topArticle(index, 'tram tickets')).toBe('bus-fares');
    expect(index.search.search('April', ANSWER_SEARCH)).toEqual([]);

    await unlink(file);
    const removed = await next();
    expect(removed.removed).toEqual(['bus-fares']);
    expect(index.corpus.articleById.has('bus-fares')).toBe(false);
    expect(index.corpus.paragraphById.has('bus-fares#p1')).toBe(false);
    expect(topArticle(index, 'tram tickets')).toBeUndefined();
    expect(index.search.documentCount).toBe(6);
  });

  it('GIVEN a file that does not parse THEN it is reported as an error and the last good version stays in the index until fixed', async () => {
    const { index, next } = await liveIndex();
    const file = path.join(dataDir, 'articles', 'bus-fares.md');
    await writeFileAtomic(file, '---\nsource: City Desk\n---\n\nNo title here.\n');
    const broken = await next();
    expect(broken.errors).toEqual([{ file, message: 'field "title" is required' }]);
    expect(broken.changed).toEqual([]);
    expect(topArticle(index, 'bus fares')).toBe('bus-fares');

    await writeFileAtomic(file, BUS.replace('Bus fares frozen', 'Bus fares frozen again'));
    const fixed = await next();
    expect(fixed.changed.map((a) => a.title)).toEqual(['Bus fares frozen again']);
    expect(index.corpus.articleById.get('bus-fares')!.title).toBe('Bus fares frozen again');
  });

  it('GIVEN temp files of an atomic write THEN only the final article is reported', async () => {
    const reports: ArticleChanges[] = [];
    watcher = watchArticles(dataDir, (c) => reports.push(c), { debounceMs: 10_000 });
    await watcher.ready;
    await writeFile(path.join(dataDir, 'articles', '.half-written.md.123.tmp'), '---\ntitle: half');
    await writeFile(path.join(dataDir, 'articles', 'notes.txt'), 'not an article');
    expect(await watcher.rescan()).toBeUndefined();
    await writeFile(path.join(dataDir, 'articles', 'ferry.md'), (await readFile(path.join(dataDir, 'articles', 'bus-fares.md'), 'utf8')).replace('Bus fares frozen', 'Ferry'));
    const changes = await watcher.rescan();
    expect(changes?.added.map((a) => a.id)).toEqual(['ferry']);
    expect(reports).toHaveLength(1);
  });

  it('GIVEN "added" for an article the index already has THEN it is applied as a change, not indexed twice', async () => {
    const index = buildIndex(await loadCorpus(dataDir));
    const again = (await loadCorpus(dataDir)).articles[0]!;
    expect(applyArticleChanges(index, { added: [again], changed: [], removed: [] })).toEqual({ added: [], changed: ['bus-fares'], removed: [] });
    expect(index.search.documentCount).toBe(1);
    expect(index.corpus.articles).toHaveLength(1);
  });

  it('GIVEN startLiveReload THEN it applies reports, keeps corpus.errors current, and logs one line per reload', async () => {
    const index = buildIndex(await loadCorpus(dataDir));
    const lines: string[] = [];
    watcher = startLiveReload(index, dataDir, { log: (l) => lines.push(l), debounceMs: 10_000 });
    await watcher.ready;
    const file = path.join(dataDir, 'articles', 'bus-fares.md');
    await writeFileAtomic(path.join(dataDir, 'articles', 'ferry.md'), BUS.replace('Bus fares frozen', 'Ferry fares frozen'));
    await writeFileAtomic(file, 'no front matter');
    await watcher.rescan();
    expect(lines).toEqual([`articles: ${file} not loaded: missing front matter (a block between two "---" lines with at least "title:")`, 'articles reloaded (2 now): +ferry']);
    expect(index.corpus.errors.map((e) => e.file)).toEqual([file]);
    await writeFileAtomic(file, BUS);
    await watcher.rescan();
    expect(index.corpus.errors).toEqual([]);
    expect(lines.at(-1)).toBe('articles reloaded (2 now): ~bus-fares');
  });
});
