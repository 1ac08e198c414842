import type { Scope } from '../corpus/scope.js';
import type { Article, Paragraph, Sentence } from '../corpus/types.js';
import type { SearchIndex } from '../index/buildIndex.js';
import { ANSWER_SEARCH } from '../index/options.js';
import { rankParagraphs, type RankedHit } from '../index/rankParagraphs.js';
import { termStatsIn } from '../index/scopeStats.js';
import { idf } from '../index/termStats.js';
import type { QuestionAnalysis } from './analyzeQuestion.js';
import type { AnalysedSentence } from './candidates.js';
import { analysed } from './sentenceAnalysis.js';
import { articleAliases } from './aliases.js';
import type { RelatedTerms } from './related.js';
import { foldedWord, keyedTokens } from './terms.js';

/** A sentence that may hold the answer, with how well it and its paragraph cover the question. */
export interface ScoredSentence {
  paragraph: Paragraph;
  article: Article;
  sentence: Sentence;
  analysed: AnalysedSentence;
  /** Weighted share (0..1) of the question's terms found in the sentence. */
  sentenceCoverage: number;
  /** The same, over the whole paragraph with its heading. */
  paragraphCoverage: number;
  /** Token positions in the sentence that match a question term. */
  matched: number[];
  /** For each matched position, its term's share of the question's total weight (idf × term weight). */
  matchedWeights: number[];
  /** Token positions that match a question term only through a related word (a synonym, a derivation, an alias). */
  related: number[];
  /** For each of those, the question term key it stands for and that term's share of the weight. */
  relatedKeys: string[];
  relatedWeights: number[];
  /** The largest share of the question's weight held by one of its terms that the sentence lacks, even in other words (0 when it lacks none). */
  missingWeight: number;
  /** The same over the whole paragraph with its heading. */
  paragraphMissingWeight: number;
  /**
   * The share of the question's weight that the sentence lacks but the sentence before it says: a subject
   * named there and taken up here ("Beyoncé signed … . She released …").
   */
  previousWeight: number;
  /**
   * The share of the question's weight that the sentence lacks but the sentence after it says: words said
   * there of what this one names ("… the per capita consumption gap. … can fill this gap").
   */
  nextWeight: number;
  /** The question's terms the sentence lacks, even in other words, in question order: for matching by word vectors. */
  lacking: LackingTerm[];
  /** Combined ranking score, 0..1. */
  score: number;
  /** The quotation over several sentences that this sentence is part of (see `Paragraph.statements`), scored as one. */
  statement?: ScoredSentence | undefined;
}

/** A question term a sentence lacks: its key, its folded word, its share of the question's weight, and whether the question capitalises it. */
export interface LackingTerm {
  key: string;
  word: string;
  share: number;
  capitalised: boolean;
}

export interface RetrieveOptions {
  articleId?: string | undefined;
  /** Related words (see related.ts): a sentence word related to a question word counts half as much as the word itself. */
  related?: RelatedTerms | undefined;
  /** Who is asking: the library plus this server's own articles (default: the library alone). */
  scope?: Scope | undefined;
  /** How many paragraphs to read closely. */
  paragraphs?: number;
}

/** How much a question word found only through a related word counts toward coverage. */
const RELATED_SHARE = 0.5;

/**
 * Finds candidate sentences: MiniSearch ranks paragraphs (BM25 over text, heading and title), then every
 * sentence of the best paragraphs is scored by the weighted share of question terms it holds, with its
 * paragraph's share as context (questions often spread their words over neighbouring sentences).
 */
export function retrieveSentences(index: SearchIndex, question: QuestionAnalysis, options: RetrieveOptions = {}): ScoredSentence[] {
  const { corpus } = index;
  const stats = termStatsIn(index, options.scope);
  const weights = new Map(question.terms.map((t) => [t.key, t.weight * idf(stats, t.key)] as const));
  const optional = new Set(question.terms.filter((t) => t.optional).map((t) => t.key));
  const required = question.terms.filter((t) => !t.optional).reduce((sum, t) => sum + weights.get(t.key)!, 0);
  if (weights.size === 0) return [];
  const totalWeight = [...weights.values()].reduce((sum, w) => sum + w, 0);
  const terms = termShares(question, weights, totalWeight);
  // A related word stands for the question word it is related to; a question word itself is never "related".
  const standsFor = new Map<string, string>();
  if (options.related) {
    for (const key of weights.keys()) {
      for (const other of options.related.get(key) ?? []) if (!weights.has(other) && !standsFor.has(other)) standsFor.set(other, key);
    }
  }
  const coverage = (keys: ReadonlySet<string>, relatedKeys: ReadonlySet<string>): number => {
    let found = 0;
    let total = required;
    for (const [key, weight] of weights) {
      const share = keys.has(key) ? 1 : relatedKeys.has(key) ? RELATED_SHARE : 0;
      if (share === 0) continue;
      found += share * weight;
      if (optional.has(key)) total += weight;
    }
    return total > 0 ? found / total : 0;
  };
  const hits = searchParagraphs(index, question, options);
  const top = hits.slice(0, options.paragraphs ?? 8);
  const best = top[0]?.score ?? 1;
  const scored: ScoredSentence[] = [];
  for (const hit of top) {
    const paragraph = corpus.paragraphById.get(hit.id as string);
    const article = paragraph && corpus.articleById.get(paragraph.articleId);
    if (!paragraph || !article) continue;
    const sentences = paragraph.sentences.map((sentence) => ({ sentence, analysed: analysed(sentence) }));
    const paragraphKeys = termKeysOf(paragraph, sentences);
    const standsForHere = options.related ? withAliases(standsFor, weights, article) : standsFor;
    const paragraphRelated = new Set<string>();
    if (standsForHere.size) for (const key of paragraphKeys) if (standsForHere.has(key)) paragraphRelated.add(standsForHere.get(key)!);
    const paragraphCoverage = coverage(paragraphKeys, paragraphRelated);
    const paragraphMissingWeight = weightiestMissing(weights, paragraphKeys, paragraphRelated) / totalWeight;
    // `before`: the question words the sentence before said, itself or in other words (none before the first).
    const scoreSentence = (sentence: Sentence, a: AnalysedSentence, before: Said): ScoredSentence & { keys: Set<string>; relatedFound: Set<string> } => {
      const matched: number[] = [];
      const matchedWeights: number[] = [];
      const related: number[] = [];
      const relatedKeys: string[] = [];
      const relatedWeights: number[] = [];
      const keys = new Set<string>();
      const relatedFound = new Set<string>();
      a.tokens.forEach((t, i) => {
        if (t.stop) return;
        if (weights.has(t.key)) {
          matched.push(i);
          matchedWeights.push(weights.get(t.key)! / totalWeight);
          keys.add(t.key);
        } else if (standsForHere.has(t.key)) {
          const key = standsForHere.get(t.key)!;
          related.push(i);
          relatedKeys.push(key);
          relatedWeights.push(weights.get(key)! / totalWeight);
          relatedFound.add(key);
        }
      });
      const sentenceCoverage = coverage(keys, relatedFound);
      let missingWeight = 0;
      let previousWeight = 0;
      const lacking: LackingTerm[] = [];
      for (const term of terms) {
        if (keys.has(term.key) || relatedFound.has(term.key)) continue;
        lacking.push(term);
        missingWeight = Math.max(missingWeight, term.share);
        if (before[0].has(term.key) || before[1].has(term.key)) previousWeight += term.share;
      }
      const score = 0.6 * sentenceCoverage + 0.3 * paragraphCoverage + 0.1 * (hit.score / best);
      return {
        paragraph, article, sentence, analysed: a, sentenceCoverage, paragraphCoverage, matched, matchedWeights, related, relatedKeys, relatedWeights,
        missingWeight, paragraphMissingWeight, previousWeight, nextWeight: 0, lacking, score, keys, relatedFound,
      };
    };
    const here: ScoredSentence[] = [];
    // What each sentence says of the question: the sentence after reads it as what was said before it.
    const said: Said[] = [];
    for (const { sentence, analysed: a } of sentences) {
      const { keys, relatedFound, ...one } = scoreSentence(sentence, a, said[said.length - 1] ?? NOTHING_SAID);
      said.push([keys, relatedFound]);
      here.push(one);
    }
    here.forEach((one, k) => (one.nextWeight = k + 1 < here.length ? saidOfLacking(one.lacking, ...said[k + 1]!) : 0));
    for (const statement of paragraph.statements) {
      const { first, last } = statement.covers!;
      const { keys: _keys, relatedFound: _related, ...whole } = scoreSentence(statement, analysed(statement), said[first - 2] ?? NOTHING_SAID);
      if (last < here.length) whole.nextWeight = saidOfLacking(whole.lacking, ...said[last]!);
      for (let k = first - 1; k < last; k++) here[k]!.statement = whole;
    }
    scored.push(...here);
  }
  return scored.sort((a, b) => b.score - a.score);
}

const paragraphKeysCache = new WeakMap<Paragraph, ReadonlySet<string>>();

/** Every term key of a paragraph and its heading: the same for every question, so kept while the paragraph lives. */
function termKeysOf(paragraph: Paragraph, sentences: ReadonlyArray<{ analysed: AnalysedSentence }>): ReadonlySet<string> {
  let keys = paragraphKeysCache.get(paragraph);
  if (!keys) {
    const headingKeys = paragraph.heading ? keyedTokens(paragraph.heading).map((t) => t.key) : [];
    keys = new Set([...headingKeys, ...sentences.flatMap((s) => s.analysed.tokens.map((t) => t.key))]);
    paragraphKeysCache.set(paragraph, keys);
  }
  return keys;
}

/** The question's term keys a sentence says, itself and through a related word. */
type Said = readonly [keys: ReadonlySet<string>, related: ReadonlySet<string>];
const NOTHING_SAID: Said = [new Set(), new Set()];

/** The share of the question's weight, among the terms a sentence lacks, that another sentence says (itself or in other words). */
function saidOfLacking(lacking: LackingTerm[], keys: ReadonlySet<string>, related: ReadonlySet<string>): number {
  let share = 0;
  for (const term of lacking) if (keys.has(term.key) || related.has(term.key)) share += term.share;
  return share;
}

/** The question's terms (distinct by key, as `analyzeQuestion` lists them), with their folded words and shares of the weight. */
function termShares(question: QuestionAnalysis, weights: ReadonlyMap<string, number>, totalWeight: number): LackingTerm[] {
  return question.terms.map((term) => ({ key: term.key, word: foldedWord(term.text), share: weights.get(term.key)! / totalWeight, capitalised: term.capitalised === true }));
}

/** The weight of the weightiest question term found neither itself nor through a related word (0 when all are found). */
function weightiestMissing(weights: ReadonlyMap<string, number>, found: ReadonlySet<string>, foundRelated: ReadonlySet<string>): number {
  let missing = 0;
  for (const [key, weight] of weights) if (!found.has(key) && !foundRelated.has(key)) missing = Math.max(missing, weight);
  return missing;
}

const aliasCache = new WeakMap<Map<string, string>, Map<Article, Map<string, string>>>();

/** The question's related words plus what the article itself uses for its words (acronyms, surnames). Once per article and question. */
function withAliases(standsFor: Map<string, string>, weights: Map<string, number>, article: Article): Map<string, string> {
  let perArticle = aliasCache.get(standsFor);
  if (!perArticle) aliasCache.set(standsFor, (perArticle = new Map()));
  let merged = perArticle.get(article);
  if (merged) return merged;
  const aliases = articleAliases(article);
  merged = standsFor;
  for (const key of weights.keys()) {
    for (const other of aliases.get(key) ?? []) {
      if (weights.has(other) || merged.has(other)) continue;
      if (merged === standsFor) merged = new Map(standsFor);
      merged.set(other, key);
    }
  }
  perArticle.set(article, merged);
  return merged;
}

/**
 * The paragraph stage: paragraphs ranked for the question's terms, best first, with MiniSearch's BM25
 * over text, heading and title; common words only score what rarer ones found (see `rankParagraphs`).
 */
export function searchParagraphs(index: SearchIndex, question: QuestionAnalysis, options: RetrieveOptions = {}): RankedHit[] {
  const articleId = options.articleId;
  return rankParagraphs(index.search, question.terms.map((t) => t.text).join(' '), {
    boost: ANSWER_SEARCH.boost ?? {},
    ...index.ranking,
    scope: options.scope,
    ...(articleId ? { filter: (id: string) => id.startsWith(`${articleId}#`) } : {}),
  });
}
