import type { Corpus, Paragraph } from '../corpus/types.js';
import { STOP_WORDS, termKey, tokenize } from './text.js';

/**
 * Document frequencies of term keys over paragraphs, for weighting a question's words by how telling
 * they are (MiniSearch keeps these internally but does not expose them).
 */
export interface TermStats {
  paragraphCount: number;
  docFreq: Map<string, number>;
}

export function emptyTermStats(): TermStats {
  return { paragraphCount: 0, docFreq: new Map() };
}

/** Distinct content-term keys of a paragraph, with its heading. */
export function paragraphKeys(paragraph: Paragraph): Set<string> {
  const keys = new Set<string>();
  for (const token of tokenize(`${paragraph.heading ?? ''} ${paragraph.text}`)) {
    if (!STOP_WORDS.has(token.norm)) keys.add(termKey(token.norm));
  }
  return keys;
}

export function addToTermStats(stats: TermStats, paragraph: Paragraph, sign: 1 | -1 = 1): void {
  stats.paragraphCount += sign;
  for (const key of paragraphKeys(paragraph)) {
    const count = (stats.docFreq.get(key) ?? 0) + sign;
    if (count > 0) stats.docFreq.set(key, count);
    else stats.docFreq.delete(key);
  }
}

export function computeTermStats(corpus: Corpus): TermStats {
  const stats = emptyTermStats();
  for (const article of corpus.articles) for (const paragraph of article.paragraphs) addToTermStats(stats, paragraph);
  return stats;
}

/** Inverse document frequency; a term no paragraph has weighs most (its absence is telling). */
export function idf(stats: TermStats, key: string): number {
  const df = stats.docFreq.get(key) ?? 0;
  return Math.log(1 + (stats.paragraphCount + 1) / (df + 0.5));
}
