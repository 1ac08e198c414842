import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { isCapitalised } from './terms.js';

/** Where the word-vector table lives (built by `npm run build:vectors` from GloVe, committed). */
export const VECTORS_FILE = fileURLToPath(new URL('../../data/model/word-vectors.json', import.meta.url));

const vectorsSchema = z.object({
  dimensions: z.number().int().positive(),
  words: z.array(z.string()),
  /** Every word's unit vector times 127, rounded, as signed bytes, row after row (base64). */
  vectors: z.string(),
});

/**
 * Word vectors (GloVe, Wikipedia and newswire): words used alike lie close together, so "cars" is near
 * "vehicles" and "company" near "firm" without a table saying so. Closeness says "used alike", not
 * "means the same" ("bought" is as near "sold"): the model weighs it as one more feature.
 */
export interface WordVectors {
  /** The row of a folded word, or -1 for a word the table lacks. */
  rowOf(word: string): number;
  /** Cosine similarity of two rows (-1..1). */
  similarity(a: number, b: number): number;
  readonly size: number;
}

const EMPTY: WordVectors = { rowOf: () => -1, similarity: () => 0, size: 0 };

let table: WordVectors | undefined;

/**
 * The committed word vectors, read once. A missing or corrupt table is an empty one (every word unknown,
 * the features say nothing) rather than a stop; `npm run build:vectors` writes it again.
 */
export function wordVectors(file = VECTORS_FILE): WordVectors {
  if (table && file === VECTORS_FILE) return table;
  let loaded = EMPTY;
  try {
    const parsed = vectorsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) {
      const { dimensions, words } = parsed.data;
      const bytes = Buffer.from(parsed.data.vectors, 'base64');
      if (bytes.length === dimensions * words.length) loaded = fromRows(words, new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length), dimensions);
    }
  } catch {
    // An unreadable table: no vectors.
  }
  if (file === VECTORS_FILE) table = loaded;
  return loaded;
}

/** A table over `words`, row i being `data[i * dimensions …]`. */
function fromRows(words: readonly string[], data: Int8Array, dimensions: number): WordVectors {
  const rows = new Map<string, number>();
  words.forEach((w, i) => { if (!rows.has(w)) rows.set(w, i); });
  // Rounding to bytes leaves each row a little off unit length: divide by its own norm.
  const norms = new Float64Array(words.length);
  for (let i = 0; i < words.length; i++) {
    let sum = 0;
    for (let d = i * dimensions, end = d + dimensions; d < end; d++) sum += data[d]! * data[d]!;
    norms[i] = Math.sqrt(sum) || 1;
  }
  return {
    size: words.length,
    rowOf: (word) => rows.get(word) ?? -1,
    similarity(a, b) {
      if (a < 0 || b < 0) return 0;
      if (a === b) return 1;
      // Products of bytes (at most 127²) summed over any usual number of dimensions stay inside 32 bits: exact integers.
      let dot = 0;
      for (let x = a * dimensions, y = b * dimensions, end = x + dimensions; x < end; x++, y++) dot = (dot + Math.imul(data[x]!, data[y]!)) | 0;
      return dot / (norms[a]! * norms[b]!);
    },
  };
}

/** What `sentenceRows` reads of a sentence: its tokens as written and folded, with stop words flagged. */
export interface RowSource {
  tokens: ReadonlyArray<{ text: string; norm: string; stop: boolean }>;
}

const rowCache = new WeakMap<RowSource, Int32Array>();

/**
 * Each token's row in the committed table, once per sentence; -1 for stop words, for words the table lacks,
 * and for words capitalised after the first: names and nationalities are matched by their letters, since
 * vectors put "Japanese" beside "Indonesian" and one city beside another.
 */
export function sentenceRows(sentence: RowSource): Int32Array {
  let rows = rowCache.get(sentence);
  if (!rows) {
    const vectors = wordVectors();
    rows = Int32Array.from(sentence.tokens, (t, i) => (t.stop || (i > 0 && isCapitalised(t.text)) ? -1 : vectors.rowOf(t.norm)));
    rowCache.set(sentence, rows);
  }
  return rows;
}

/** The row among `rows` most similar to `row`: its similarity (0 when none is above 0) and position (-1 for none). */
export function nearestRow(vectors: WordVectors, row: number, rows: Int32Array): { similarity: number; at: number } {
  let similarity = 0;
  let at = -1;
  if (row < 0) return { similarity, at };
  for (let i = 0; i < rows.length; i++) {
    if (rows[i]! < 0) continue;
    const s = vectors.similarity(row, rows[i]!);
    if (s > similarity) {
      similarity = s;
      at = i;
    }
  }
  return { similarity, at };
}
