import { mkdir, readdir, readFile, rename as fsRename } from 'node:fs/promises';
import path from 'node:path';
import { articleMetaSchema } from '../corpus/frontMatter.js';
import { writeFileAtomic, type WriteIo } from '../files/writeFileAtomic.js';
import { articleIdFromFileName, parseArticle } from '../corpus/parseArticle.js';
import { articlesDir, loadShelf } from '../corpus/loadCorpus.js';
import { scopedArticleId, serverArticlesDir } from '../corpus/scope.js';
import type { Article } from '../corpus/types.js';
import { IngestError } from './errors.js';
import type { ExtractedArticle } from './types.js';

export type { WriteIo };

export interface WriteResult {
  /** `created` a new file, `updated` an existing one (same URL or same text), or found it `unchanged`. */
  status: 'created' | 'updated' | 'unchanged';
  file: string;
  article: Article;
  words: number;
}

/** Serialises an extracted article: front matter, then headings (`# …`) and paragraphs separated by blank lines. */
export function serializeArticle({ meta, blocks }: ExtractedArticle): string {
  const fields: Array<[string, string | undefined]> = [
    ['title', meta.title],
    ['byline', meta.byline],
    ['source', meta.source],
    ['url', meta.url],
    ['published', meta.published],
    ['language', meta.language],
  ];
  const front = fields.filter(([k, v]) => v?.trim() && fits(k, v)).map(([k, v]) => `${k}: ${frontMatterValue(v!)}`);
  const body = blocks.map((b) => (b.kind === 'heading' ? `# ${oneLine(b.text)}` : oneLine(b.text)));
  return `---\n${front.join('\n')}\n---\n\n${body.join('\n\n')}\n`;
}

/**
 * Whether an optional field passes the corpus schema (a 70-character date string, a non-http canonical
 * link): a page's odd metadata is dropped rather than making the whole article fail to load. The title
 * is required, so it is always written and a bad one is reported.
 */
function fits(key: string, value: string | undefined): boolean {
  if (key === 'title') return true;
  const field = (articleMetaSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean } } | undefined>)[key];
  return field ? field.safeParse(oneLine(value ?? '')).success : true;
}

/** What an admission check sees before anything is written: the new article and the shelf it would join. */
export interface Admission {
  candidate: Article;
  /** The file's size in bytes, as it would be written. */
  bytes: number;
  /** The shelf's articles now, with their file sizes. */
  existing: ReadonlyArray<{ article: Article; bytes: number }>;
  /** The article it would rewrite in place (same URL or text), if any. */
  replaces?: Article | undefined;
}

export interface WriteOptions {
  io?: WriteIo;
  /** Write to this server's own shelf (`DATA_DIR/servers/<id>/articles`) instead of the library. */
  server?: string | undefined;
  /**
   * Decides, inside the folder's write lock (so two adds cannot both pass a limit), whether the article
   * may be written: throw an IngestError to refuse, and nothing is written.
   */
  admit?: (admission: Admission) => void;
}

/**
 * Writes an article into `DATA_DIR/articles` (or a server's own folder). If an article with the same
 * canonical URL or the same body text is already on that shelf, that file is rewritten in place (its
 * name and id stay); otherwise a new file is named after the title. The write is atomic: a temp file in
 * the same folder, then a rename.
 */
export function writeArticle(dataDir: string, extracted: ExtractedArticle, options: WriteOptions = {}): Promise<WriteResult> {
  const dir = options.server ? serverArticlesDir(dataDir, options.server) : articlesDir(dataDir);
  return serialized(path.resolve(dir), () => writeUnlocked(dataDir, dir, extracted, options));
}

/**
 * One write at a time per folder in this process: the duplicate check and the file-name choice read the
 * folder, so two concurrent ingests (two `/article add` at once) must not interleave between read and write.
 */
const queues = new Map<string, Promise<unknown>>();
async function serialized<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(task, task);
  const settled = run.catch(() => undefined);
  queues.set(key, settled);
  try {
    return await run;
  } finally {
    if (queues.get(key) === settled) queues.delete(key);
  }
}

async function writeUnlocked(dataDir: string, dir: string, extracted: ExtractedArticle, options: WriteOptions): Promise<WriteResult> {
  const io = options.io ?? { rename: fsRename };
  const text = extracted.verbatim ?? serializeArticle(extracted);
  // Our own output must load with the corpus parser, or the bot would skip the file later.
  const check = parseArticle('ingest', text);
  if (!check.ok) throw new IngestError('invalid-article', `the extracted article would not load: ${check.message}`);
  const shelf = await loadShelf(dataDir, options.server);
  const existing = shelf.map((s) => s.article);
  const match = findDuplicate(existing, check.article);
  options.admit?.({ candidate: check.article, bytes: Buffer.byteLength(text), existing: shelf, replaces: match });
  const file = match?.file ?? path.join(dir, await freeFileName(dir, check.article.title));
  // Identical bytes: leave the file (and its mtime, and the watchers) alone.
  const unchanged = match ? (await readFile(file, 'utf8').catch(() => undefined)) === text : false;
  if (!unchanged) {
    await mkdir(dir, { recursive: true });
    await writeFileAtomic(file, text, io);
  }
  const id = scopedArticleId(options.server, articleIdFromFileName(path.basename(file)));
  const parsed = parseArticle(id, text, file);
  if (!parsed.ok) throw new IngestError('invalid-article', `${file}: ${parsed.message}`);
  const status = !match ? 'created' : unchanged ? 'unchanged' : 'updated';
  return { status, file, article: parsed.article, words: countWords(parsed.article) };
}

/** Same canonical URL (ignoring tracking parameters and fragments), or the same paragraphs. */
export function findDuplicate(existing: Article[], candidate: Article): Article | undefined {
  const url = candidate.url ? normalizeUrl(candidate.url) : undefined;
  const body = bodyKey(candidate);
  return (
    (url ? existing.find((a) => a.url && normalizeUrl(a.url) === url) : undefined) ?? existing.find((a) => bodyKey(a) === body)
  );
}

export function normalizeUrl(value: string): string {
  try {
    const url = new URL(value);
    url.hash = '';
    for (const key of [...url.searchParams.keys()]) if (/^(utm_|fbclid$|gclid$)/i.test(key)) url.searchParams.delete(key);
    return url.href.replace(/\/$/, '');
  } catch {
    return value.trim();
  }
}

function bodyKey(article: Article): string {
  return article.paragraphs.map((p) => p.text.replace(/\s+/g, ' ').trim()).join('\n');
}

export function countWords(article: Article): number {
  return article.paragraphs.reduce((n, p) => n + (p.text.match(/\S+/g)?.length ?? 0), 0);
}

/** `<slug>.md`, or `<slug>-2.md`… when another article already has that name. */
async function freeFileName(dir: string, title: string): Promise<string> {
  const taken = new Set(await readdir(dir).catch(() => [] as string[]));
  const slug = articleIdFromFileName(title);
  if (!taken.has(`${slug}.md`)) return `${slug}.md`;
  for (let n = 2; ; n++) {
    const name = `${slug.slice(0, 60 - String(n).length - 1)}-${n}.md`;
    if (!taken.has(name)) return name;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Quotes a value only when the front matter parser would otherwise change it (leading/trailing quotes). */
function frontMatterValue(value: string): string {
  const v = oneLine(value);
  return /^["']|["']$/.test(v) ? `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : v;
}
