import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { buildCorpus, fileOfKey, keyOfFile } from '../corpus/loadCorpus.js';
import { makeParagraph } from '../corpus/parseArticle.js';
import type { Article, ArticleError } from '../corpus/types.js';
import { writeFileAtomic } from '../files/writeFileAtomic.js';
import { indexFromSearch, type SearchIndex } from './buildIndex.js';
import { stampArticleFiles, type FileStamp } from './fileStamps.js';
import { DEFAULT_TERM_SETTINGS, indexOptions, optionsFingerprint } from './options.js';
import { packIndex, unpackIndex } from './packIndex.js';

/**
 * The persisted index: one file beside the articles (`DATA_DIR/.index-cache.bin`) holding the
 * MiniSearch index, the parsed corpus (so a warm start reads one file instead of parsing every article)
 * and the stamps of the article files it was built from.
 *
 * Staleness is decided from each file's name, size and modification time (nanoseconds), not from a hash
 * of its contents: a warm start then needs one `stat` per file instead of reading the whole archive
 * (79 MB for 100,000 paragraphs), and every ordinary edit — an editor, `git pull`, `rsync`, `cp` — changes
 * the modification time. What it misses is a same-size rewrite that deliberately restores the old
 * modification time (`touch -r`, `cp -p` of an equally long file); delete the cache file after such a
 * change.
 */
export const CACHE_FILE = '.index-cache.bin';
const FORMAT = 'article-qa-index-cache';
const VERSION = 3;

export function cachePath(dataDir: string): string {
  return path.join(dataDir, CACHE_FILE);
}

/** A hash of the file stamps and the index options: equal keys mean the cache was built from exactly these files. */
export function cacheKey(stamps: FileStamp[], fingerprint: string): string {
  const hash = createHash('sha256').update(fingerprint).update('\n');
  for (const s of stamps) hash.update(`${s.name}\t${s.size}\t${s.mtime}\n`);
  return hash.digest('hex');
}

/** A paragraph as stored: heading (or null), text, start, end. Sentences are split again on use. */
type StoredParagraph = [string | null, string, number, number];

const storedArticle = z.object({
  id: z.string(),
  file: z.string().optional(),
  title: z.string(),
  source: z.string().optional(),
  url: z.string().optional(),
  published: z.string().optional(),
  language: z.string().optional(),
  /** The file's content hash, so live reload can tell an unchanged file after a warm start. */
  contentHash: z.string().optional(),
  paragraphs: z.array(z.tuple([z.string().nullable(), z.string(), z.number(), z.number()])),
});

const packedMeta = z.object({
  documentCount: z.number(),
  nextId: z.number(),
  dirtCount: z.number(),
  fieldIds: z.record(z.string(), z.number()),
  averageFieldLength: z.array(z.number()),
  ids: z.array(z.string()),
  terms: z.array(z.string()),
  bodyLength: z.number(),
});

/** The JSON header of a cache file; the index's numbers follow it as raw Int32 bytes (see `packIndex`). */
const headerSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  fingerprint: z.string(),
  key: z.string(),
  files: z.array(z.object({ name: z.string(), size: z.number(), mtime: z.string() })),
  articles: z.array(storedArticle),
  errors: z.array(z.object({ file: z.string(), message: z.string() })),
  index: packedMeta,
});

export type CacheHeader = z.infer<typeof headerSchema>;
export interface CacheFile extends CacheHeader {
  body: Int32Array;
}

/** File layout: magic line, header length (uint32 LE), header JSON, zero padding to 4 bytes, Int32 LE body. */
const MAGIC = Buffer.from('ARTICLE-QA-INDEX\n');

export function encodeCache(header: CacheHeader, body: Int32Array): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  const used = MAGIC.length + 4 + json.length;
  const padding = Buffer.alloc((4 - (used % 4)) % 4);
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('index cache: big-endian machines are not supported');
  return Buffer.concat([MAGIC, length, json, padding, bytes]);
}

export type DecodeResult = { ok: true; data: CacheFile } | { ok: false; reason: string };

export function decodeCache(buffer: Buffer): DecodeResult {
  if (buffer.length < MAGIC.length + 4 || !buffer.subarray(0, MAGIC.length).equals(MAGIC)) return { ok: false, reason: 'it is not an index cache file (or is truncated)' };
  const length = buffer.readUInt32LE(MAGIC.length);
  const start = MAGIC.length + 4;
  if (start + length > buffer.length) return { ok: false, reason: 'it is truncated (in its header)' };
  let json: unknown;
  try {
    json = JSON.parse(buffer.toString('utf8', start, start + length));
  } catch (error) {
    return { ok: false, reason: `its header is not JSON (${(error as Error).message})` };
  }
  const parsed = headerSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: `it is malformed (${issue.path.join('.') || 'top level'}: ${issue.message})` };
  }
  const offset = start + length + ((4 - ((start + length) % 4)) % 4);
  const bytes = buffer.length - offset;
  if (bytes !== parsed.data.index.bodyLength * 4) return { ok: false, reason: `it is truncated (index data of ${Math.max(0, bytes)} bytes, expected ${parsed.data.index.bodyLength * 4})` };
  let body: Int32Array;
  if ((buffer.byteOffset + offset) % 4 === 0) body = new Int32Array(buffer.buffer, buffer.byteOffset + offset, parsed.data.index.bodyLength);
  else {
    // Not 4-byte aligned in memory (a pooled buffer): copy into an array of its own.
    body = new Int32Array(parsed.data.index.bodyLength);
    new Uint8Array(body.buffer).set(buffer.subarray(offset));
  }
  return { ok: true, data: { ...parsed.data, body } };
}

/** Writes `index` to the cache file atomically (temp file in the same folder, then rename). */
export async function saveIndexCache(dataDir: string, index: SearchIndex, stamps?: FileStamp[]): Promise<void> {
  const files = stamps ?? index.files ?? (await stampArticleFiles(dataDir));
  const fingerprint = optionsFingerprint(index.settings);
  const packed = packIndex(index.search);
  const header: CacheHeader = {
    format: FORMAT,
    version: VERSION,
    fingerprint,
    key: cacheKey(files, fingerprint),
    files,
    articles: index.corpus.articles.map((a) => ({
      id: a.id,
      ...(a.file ? { file: keyOfFile(dataDir, a.file) } : {}),
      title: a.title,
      ...(a.source !== undefined ? { source: a.source } : {}),
      ...(a.url !== undefined ? { url: a.url } : {}),
      ...(a.published !== undefined ? { published: a.published } : {}),
      ...(a.language !== undefined ? { language: a.language } : {}),
      ...(a.contentHash !== undefined ? { contentHash: a.contentHash } : {}),
      paragraphs: a.paragraphs.map((p): StoredParagraph => [p.heading ?? null, p.text, p.start, p.end]),
    })),
    errors: index.corpus.errors,
    index: packed.meta,
  };
  await writeFileAtomic(cachePath(dataDir), encodeCache(header, packed.body));
  index.files = files;
}

export type ReadCacheResult = { ok: true; data: CacheFile } | { ok: false; missing: boolean; reason: string };

/** Reads and checks the cache file; a missing, truncated or malformed file is a value, not an exception. */
export async function readIndexCache(dataDir: string): Promise<ReadCacheResult> {
  let buffer: Buffer;
  try {
    buffer = await readFile(cachePath(dataDir));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { ok: false, missing, reason: missing ? 'no index cache yet' : `cannot read it (${(error as Error).message})` };
  }
  const decoded = decodeCache(buffer);
  return decoded.ok ? decoded : { ok: false, missing: false, reason: decoded.reason };
}

/** Rebuilds the corpus and the MiniSearch index from a cache file; throws if the two disagree. */
export function restoreIndex(dataDir: string, data: CacheFile): SearchIndex {
  const articles: Article[] = data.articles.map((a) => ({
    id: a.id,
    file: a.file ? fileOfKey(dataDir, a.file) : undefined,
    title: a.title,
    source: a.source,
    url: a.url,
    published: a.published,
    language: a.language,
    contentHash: a.contentHash,
    paragraphs: a.paragraphs.map(([heading, text, start, end], i) => makeParagraph(a.id, i + 1, heading ?? undefined, text, start, end)),
  }));
  const corpus = buildCorpus(articles, data.errors as ArticleError[]);
  const index = indexFromSearch(corpus, unpackIndex(data.index, data.body, indexOptions(DEFAULT_TERM_SETTINGS)), DEFAULT_TERM_SETTINGS);
  if (index.search.documentCount !== corpus.paragraphById.size) {
    throw new Error(`it holds ${index.search.documentCount} indexed paragraphs for ${corpus.paragraphById.size} stored ones`);
  }
  for (const id of corpus.paragraphById.keys()) {
    if (!index.search.has(id)) throw new Error(`paragraph ${id} is not in its index`);
  }
  index.files = data.files;
  return index;
}
