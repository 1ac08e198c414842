import type MiniSearch from 'minisearch';
import type { Corpus, Paragraph } from '../corpus/types.js';
import { STOP_WORDS, termKey, tokenize } from './text.js';

/**
 * Document frequencies of term keys over paragraphs (text and heading), for weighting a question's
 * words by how telling they are.
 */
export interface TermStats {
  readonly paragraphCount: number;
  /** In how many paragraphs the term key occurs. */
  df(key: string): number;
}

/** Distinct content-term keys of a paragraph, with its heading. */
export function paragraphKeys(paragraph: Paragraph): Set<string> {
  const keys = new Set<string>();
  for (const token of tokenize(`${paragraph.heading ?? ''} ${paragraph.text}`)) {
    if (!STOP_WORDS.has(token.norm)) keys.add(termKey(token.norm));
  }
  return keys;
}

/**
 * Counts document frequencies in a separate pass over the corpus. Only needed when the index does not
 * hold term keys (stemming or stop words turned off); otherwise `indexTermStats` reads them for free.
 */
export function computeTermStats(corpus: Corpus): TermStats {
  const docFreq = new Map<string, number>();
  let paragraphCount = 0;
  for (const article of corpus.articles) {
    for (const paragraph of article.paragraphs) {
      paragraphCount++;
      for (const key of paragraphKeys(paragraph)) docFreq.set(key, (docFreq.get(key) ?? 0) + 1);
    }
  }
  return { paragraphCount, df: (key) => docFreq.get(key) ?? 0 };
}

/** The parts of MiniSearch 7's private state we read (pinned version; covered by tests/index/termStats.test.ts). */
interface MiniSearchInternals {
  _index: { get(term: string): Map<number, Map<number, number>> | undefined };
  _fieldIds: Record<string, number>;
}

/**
 * Document frequencies read from the MiniSearch index itself: a term's postings in the text and heading
 * fields, united. The index's terms are our term keys (same tokenizer, folding, stop words and stems), so
 * this equals `computeTermStats` without a second pass over the corpus, stays right after incremental
 * `add`/`remove`, and needs nothing stored beside a serialised index.
 */
export function indexTermStats(search: MiniSearch<never> | MiniSearch<any>, fields: string[] = ['text', 'heading']): TermStats {
  const internals = search as unknown as MiniSearchInternals;
  const fieldIds = fields.map((f) => internals._fieldIds[f]).filter((id): id is number => id !== undefined);
  return {
    get paragraphCount() {
      return search.documentCount;
    },
    df(key) {
      const data = internals._index.get(key);
      if (!data) return 0;
      const postings = fieldIds.map((id) => data.get(id)).filter((p): p is Map<number, number> => p !== undefined).sort((a, b) => b.size - a.size);
      const [largest, ...others] = postings;
      if (!largest) return 0;
      let count = largest.size;
      const seen = new Set<number>();
      for (const other of others) for (const doc of other.keys()) if (!largest.has(doc) && !seen.has(doc)) {
        seen.add(doc);
        count++;
      }
      return count;
    },
  };
}

/** Inverse document frequency; a term no paragraph has weighs most (its absence is telling). */
export function idf(stats: TermStats, key: string): number {
  const df = stats.df(key);
  return Math.log(1 + (stats.paragraphCount + 1) / (df + 0.5));
}
