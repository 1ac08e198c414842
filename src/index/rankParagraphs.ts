import type MiniSearch from 'minisearch';
import type { Scope } from '../corpus/scope.js';
import type { IndexedParagraph } from './options.js';
import { docsInScope, scopeDocs } from './scopeDocs.js';

/** The parts of MiniSearch 7's private state the ranker reads (pinned version; tests/index/rankParagraphs.test.ts checks them). */
interface Internals {
  _index: { get(term: string): Map<number, Map<number, number>> | undefined };
  _fieldIds: Record<string, number>;
  _documentIds: Map<number, string>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
  _options: { tokenize: (text: string) => string[]; processTerm: (term: string) => string | string[] | null | undefined | false };
}

export interface RankOptions {
  /** Field weights, as MiniSearch's `boost`; fields not named weigh 1. */
  boost: Record<string, number>;
  /**
   * A term found in more paragraphs than this does not nominate candidates; it still scores the
   * paragraphs the rarer terms found. Default: 2% of the paragraphs, at least 500. `Infinity` ranks
   * exactly as MiniSearch's own OR search does.
   */
  maxDriverDf?: number;
  /** Keep only paragraphs whose id passes. */
  filter?: (id: string) => boolean;
  /**
   * Who is asking: only the library's and this scope's server's paragraphs are ranked (default: the
   * library alone). Applied here, before anything is cut: document frequencies, the paragraph count and
   * average field lengths are the scope's own, so which terms nominate candidates and how paragraphs
   * score is exactly as if the scope were an index of its own — another server's articles neither crowd
   * out nor reweigh this one's.
   */
  scope?: Scope | undefined;
}

export interface RankedHit {
  id: string;
  score: number;
}

const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/**
 * Ranks paragraphs for a query with MiniSearch's own BM25 and OR semantics (same tokenizer, term
 * processing, field boosts and "more matched terms rank higher" factor), but without walking the
 * postings of common words. With an exact MiniSearch search every query term costs its whole postings
 * list; a question word like "year" or "first" is in tens of thousands of paragraphs at 100,000, and
 * that is where the time goes. Here the rarer terms nominate the candidate paragraphs (their postings
 * are short) and each common term only adds its score to those candidates, by lookup. A paragraph that
 * holds none of the rarer terms is not ranked; when every term is common, the rarest one nominates.
 * Scores of the ranked paragraphs are exactly MiniSearch's.
 */
export function rankParagraphs(search: MiniSearch<IndexedParagraph>, query: string, options: RankOptions): RankedHit[] {
  const ms = search as unknown as Internals;
  const terms = ms._options.tokenize(query).flatMap((t) => ms._options.processTerm(t)).filter((t): t is string => !!t);
  if (terms.length === 0) return [];
  const scope = scopeDocs(search, options.scope);
  // A scope holding every paragraph (one tenant, or only the library indexed) ranks exactly as MiniSearch would.
  const scoped = scope.whole ? undefined : scope;
  const fields = Object.keys(ms._fieldIds).map((name) => ({ id: ms._fieldIds[name]!, boost: options.boost[name] || 1 }));
  const postings = terms.map((term) => {
    const data = ms._index.get(term);
    const perField = fields.map((f) => {
      const docs = data?.get(f.id);
      // One walk per postings list gives both the scope's document frequency and, should the term nominate, its candidates.
      const inScope = docs && scoped ? docsInScope(docs, scoped) : undefined;
      return { ...f, docs, inScope, df: inScope ? inScope.length : (docs?.size ?? 0) };
    });
    return { term, perField, size: perField.reduce((n, f) => n + f.df, 0) };
  });
  const n = scoped ? scoped.size : ms._documentCount;
  const avgFieldLength = scoped ? scoped.avgFieldLength : ms._avgFieldLength;
  const limit = options.maxDriverDf ?? Math.max(500, 0.02 * n);
  let drivers = postings.filter((p) => p.size > 0 && p.size <= limit);
  if (drivers.length === 0) {
    const rarest = postings.filter((p) => p.size > 0).sort((a, b) => a.size - b.size)[0];
    if (!rarest) return [];
    drivers = [rarest];
  }
  // Candidates in the order MiniSearch would first meet them (query order, field order, postings order),
  // so equal scores keep MiniSearch's order.
  const candidates: number[] = [];
  const seen = new Set<number>();
  for (const p of drivers) {
    for (const f of p.perField) {
      if (!f.docs || f.df === 0) continue;
      for (const doc of f.inScope ?? f.docs.keys()) {
        if (!seen.has(doc) && ms._documentIds.has(doc)) {
          seen.add(doc);
          candidates.push(doc);
        }
      }
    }
  }
  const hits: RankedHit[] = [];
  for (const doc of candidates) {
    const id = ms._documentIds.get(doc)!;
    if (options.filter && !options.filter(id)) continue;
    const lengths = ms._fieldLength.get(doc)!;
    let total: number | undefined;
    const matched = new Set<string>();
    for (const p of postings) {
      let termScore: number | undefined;
      for (const f of p.perField) {
        const freq = f.docs?.get(doc);
        if (freq === undefined) continue;
        const df = f.df;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        const avg = avgFieldLength[f.id]!;
        // Operation for operation as MiniSearch's calcBM25Score and termResults, so scores are bit-identical.
        const raw = idf * (BM25.d + freq * (BM25.k + 1) / (freq + BM25.k * (1 - BM25.b + BM25.b * lengths[f.id]! / avg)));
        const s = f.boost * raw;
        termScore = termScore === undefined ? s : termScore + s;
      }
      if (termScore === undefined) continue;
      matched.add(p.term);
      total = total === undefined ? termScore : total + termScore;
    }
    if (total !== undefined) hits.push({ id, score: total * (matched.size || 1) });
  }
  return hits.sort((a, b) => b.score - a.score);
}
