import type { QuestionAnalysis } from './analyzeQuestion.js';
import type { AnalysedSentence, CandidateSpan, Span } from './candidates.js';
import { atom, mix } from './hashing.js';
import { AUXILIARIES, NUMBER_WORDS, PRONOUN_OPENERS, ROLE_WORDS } from './lexicon.js';
import { NOUN_CLASSES, nounClasses } from './senses.js';
import { isCapitalised } from './terms.js';
import type { ScoredSentence } from './retrieve.js';
import { nearestRow, sentenceRows, wordVectors } from './vectors.js';

/**
 * The answer model's features: what is true of a (question, candidate span, sentence, paragraph). One
 * function per family, each pure, shared by answering and training. A feature is a hash (see hashing.ts)
 * with a value: 1 for an indicator, a number in 0..1 for a measurement. Nothing here weighs anything:
 * the trained model says how much each feature counts.
 */

/** The feature families, in the order the ablation table lists them. */
export const FEATURE_FAMILIES = ['retrieval', 'alignment', 'gap', 'overlap', 'shape', 'context', 'typeMatch', 'paraphrase', 'sense', 'sentenceMatch', 'vectors'] as const;
export type FeatureFamily = (typeof FEATURE_FAMILIES)[number];

/** A candidate's features: parallel lists of hashes and values. */
export interface FeatureVector {
  hashes: number[];
  values: number[];
}

/** Where the feature families put what they find: a list (for training) or a running score (for answering). */
export interface FeatureSink {
  add(hash: number, value?: number): void;
}

/** Collects the features, for training (a method, not a closure per candidate: this runs for every candidate). */
export class FeatureList implements FeatureVector, FeatureSink {
  hashes: number[] = [];
  values: number[] = [];

  add(hash: number, value = 1): void {
    this.hashes.push(hash);
    this.values.push(value);
  }
}

/**
 * Adds each feature's weight as it is found, for answering: the logit without building the feature
 * list (no allocation per candidate). Gives exactly what scoring the FeatureList would.
 */
export class WeightedSum implements FeatureSink {
  sum = 0;

  constructor(private readonly weights: Float32Array, private readonly mask: number) {}

  add(hash: number, value = 1): void {
    this.sum += this.weights[hash & this.mask]! * value;
  }
}

/** What is computed once per question and read by every candidate. */
export interface QuestionContext {
  analysis: QuestionAnalysis;
  /** Term keys of the question's content words. */
  keys: Set<string>;
  /** Consecutive content-word pairs of the question, as "key key". */
  bigrams: Set<string>;
  qt: number;
  wh: number;
  /** The question word with its focus noun ("what|year", "which|city", "who|"). */
  whFocus: number;
  focus: number;
  /** The WordNet class of the focus noun ("instrument" → artifact), or of none. */
  focusClass: number;
  /** The question's auxiliary verb ("qaux=will", "qaux=did", "qaux=" for none). */
  auxiliary: number;
}

/** Where the candidate's sentence stands in retrieval. */
export interface SentenceContext {
  scored: ScoredSentence;
  /** 0-based rank of the sentence among those read, and of its paragraph among the paragraphs. */
  sentenceRank: number;
  paragraphRank: number;
  /** The sentence's retrieval score over the best sentence's. */
  relativeScore: number;
  /** How far the sentence's coverage of the question falls short of the best-covering sentence read (0 for that one). */
  coverageBehind: number;
  /** The same for its paragraph, against the best-covering paragraph among the sentences read. */
  paragraphBehind: number;
}

export function questionContext(analysis: QuestionAnalysis): QuestionContext {
  const keys = new Set(analysis.terms.map((t) => t.key));
  const bigrams = new Set<string>();
  for (let i = 1; i < analysis.terms.length; i++) bigrams.add(`${analysis.terms[i - 1]!.key} ${analysis.terms[i]!.key}`);
  const wh = analysis.wh || 'none';
  return {
    analysis,
    keys,
    bigrams,
    qt: atom(`qt=${analysis.answerType}`),
    wh: atom(`wh=${wh}`),
    whFocus: atom(`whf=${wh}|${analysis.focus ?? ''}`),
    focus: atom(`fo=${analysis.focus ?? ''}`),
    focusClass: FOCUS_CLASS.get((analysis.focus !== undefined && nounClasses().get(analysis.focus)) || '')!,
    auxiliary: atom(`qaux=${analysis.auxiliary}`),
  };
}

/**
 * Question-independent facts of a span, as hashes: its kinds, length, capitalisation, parts of speech,
 * head word, first word, the words and tags just before and after it, the punctuation around it, the
 * shape of any number in it, how rare its words are and how its head ends. Computed once per span and
 * crossed with the question's type and focus.
 */
export function spanAtoms(sentence: AnalysedSentence, span: CandidateSpan, names: readonly Span[] = []): number[] {
  const { tokens, tags, text } = sentence;
  const inside = tokens.slice(span.from, span.to);
  const n = span.to - span.from;
  const prev = tokens[span.from - 1];
  const prev2 = tokens[span.from - 2];
  const next = tokens[span.to];
  const caps = inside.map((t) => (/^\d/.test(t.text) ? 'd' : isCapitalised(t.text) ? 'C' : 'l'));
  const spanTags = tags.slice(span.from, span.to);
  const spanText = span.text;
  const number = !/\d/.test(spanText) ? 'none'
    : /^\d{4}$/.test(spanText) ? 'year' : /[$€£¥]/.test(spanText) ? 'money' : /%|percent/.test(spanText) ? 'pct' : /^\d[\d,.]*$/.test(spanText) ? 'bare' : 'mixed';
  // The first KEY_ATOMS are also crossed with the question word and focus (see `typeMatchFeatures`).
  const atoms: number[] = [
    atom(`kinds=${[...span.kinds].sort().join('+')}`),
    atom(`head=${inside[n - 1]!.key}`),
    atom(`p1=${prev?.norm ?? '^'}`),
    atom(`n1=${next?.norm ?? '$'}`),
    atom(`cap=${caps.every((c) => c === 'C') ? 'all' : caps[0] === 'C' ? 'first' : caps.includes('C') ? 'some' : caps.includes('d') ? 'digits' : 'none'}`),
    atom(`posL=${spanTags[n - 1]}`),
    atom(`num=${number}`),
    atom(`len=${n <= 4 ? n : n <= 6 ? '5-6' : n <= 10 ? '7-10' : '11+'}`),
    atom(`entH=${sentence.entities[span.to - 1]}`),
    atom(`ent=${[...new Set(sentence.entities.slice(span.from, span.to).filter(Boolean))].sort().join('+')}`),
    atom(`name-cut=${nameCut(span, names)}`),
    atom(`rare=${rarity(tokens, span)}`),
    atom(`suf=${suffix(inside[n - 1]!.norm)}`),
  ];
  for (const k of span.kinds) atoms.push(atom(`k=${k}`));
  atoms.push(atom(`pos1=${spanTags[0]}`));
  atoms.push(atom(`posP=${spanTags.filter((t, i) => i === 0 || t !== spanTags[i - 1]).slice(0, 5).join('_')}`));
  atoms.push(atom(`first=${inside[0]!.norm}`));
  atoms.push(atom(`p2=${prev2?.norm ?? '^'}|${prev?.norm ?? '^'}`));
  atoms.push(atom(`p1pos=${prev ? tags[span.from - 1] : '^'}`), atom(`n1pos=${next ? tags[span.to] : '$'}`));
  atoms.push(atom(`p1ent=${prev ? sentence.entities[span.from - 1] || '-' : '^'}`), atom(`n1ent=${next ? sentence.entities[span.to] || '-' : '$'}`));
  const charBefore = text.slice(0, span.start).trimEnd().slice(-1) || '^';
  const charAfter = text.slice(span.end).trimStart().slice(0, 1) || '$';
  atoms.push(atom(`cb=${/[\p{L}\p{N}]/u.test(charBefore) ? 'w' : charBefore}`), atom(`ca=${/[\p{L}\p{N}]/u.test(charAfter) ? 'w' : charAfter}`));
  if (span.from === 0) atoms.push(atom('at=start'));
  if (span.to === tokens.length) atoms.push(atom('at=end'));
  if (span.chainFrom !== undefined && span.chainFrom < span.from) atoms.push(atom('role-before'));
  if (inside.some((t) => ROLE_WORDS.has(t.norm))) atoms.push(atom('has-role'));
  atoms.push(atom(`prior=${Math.round(span.prior * 10)}`));
  return atoms;
}

/**
 * How the span meets the capitalised name chains of its sentence: not at all, whole chains, or cutting one
 * (its tail, as a person inside "Minister of Industry Agus …" is; its head, as "Japanese Minister" is; its
 * inside, as "Industry" is; or across its edge). A name is seldom an answer cut apart.
 */
function nameCut(span: Pick<Span, 'from' | 'to'>, names: readonly Span[]): string {
  let worst = 'none';
  const rank = ['none', 'whole', 'suffix', 'prefix', 'straddle', 'inside'];
  for (const c of names) {
    if (c.to <= span.from || c.from >= span.to) continue;
    const relation = span.from <= c.from && span.to >= c.to ? 'whole'
      : span.from > c.from && span.to === c.to ? 'suffix'
      : span.from === c.from && span.to < c.to ? 'prefix'
      : span.from > c.from && span.to < c.to ? 'inside' : 'straddle';
    if (rank.indexOf(relation) > rank.indexOf(worst)) worst = relation;
  }
  return worst;
}

/** How many of a span's atoms come first and are crossed with the question word and focus. */
const KEY_ATOMS = 13;

/**
 * The last three letters of a word longer than four ("-ist", "-ion", "-ville", "-ia"), else its shape: what
 * a head word the model has never seen still shares with those it has (a person, a place, an act).
 */
function suffix(word: string): string {
  if (!/^\p{L}+$/u.test(word)) return /\d/.test(word) ? 'digits' : 'other';
  return word.length > 4 ? word.slice(-3) : 'short';
}

/** Upper ends of the frequency bands of a word's rank in the vector table (its words are GloVe's, most frequent first). */
const RARITY_BANDS = [100, 1000, 5000, 20000];

/**
 * How rare the span's rarest word is in general English (its band of frequency rank; "unlisted" beyond the
 * table's 40,000 words): an answer is seldom only common words, and a rare head the model has never seen
 * still has a band it has.
 */
function rarity(tokens: AnalysedSentence['tokens'], span: Pick<Span, 'from' | 'to'>): string {
  const vectors = wordVectors();
  let rarest = -1;
  for (let i = span.from; i < span.to; i++) {
    const t = tokens[i]!;
    if (!/\p{L}/u.test(t.text)) continue;
    const row = vectors.rowOf(t.norm);
    rarest = Math.max(rarest, row < 0 ? Number.MAX_SAFE_INTEGER : row);
  }
  if (rarest < 0) return 'no-word';
  const band = RARITY_BANDS.findIndex((end) => rarest < end);
  return band < 0 ? (rarest < vectors.size ? 'listed' : 'unlisted') : String(RARITY_BANDS[band]);
}

/** The families a model may leave out (for the ablation); the default uses all of them. */
export type FamilySet = ReadonlySet<FeatureFamily>;
const ALL: FamilySet = new Set(FEATURE_FAMILIES);

/** Every feature of one candidate. */
export function candidateFeatures(q: QuestionContext, s: SentenceContext, span: CandidateSpan, atoms: number[], families: FamilySet = ALL): FeatureList {
  return collectFeatures(q, s, span, atoms, families, new FeatureList());
}

/**
 * Every feature of one candidate, into `out` (a list, or a running score), in the order the model was
 * trained on: what the candidate's sentence contributes sits among what its span does.
 */
export function collectFeatures<Sink extends FeatureSink>(q: QuestionContext, s: SentenceContext, span: CandidateSpan, atoms: number[], families: FamilySet, out: Sink): Sink {
  if (families.has('retrieval')) retrievalFeatures(q, s, out);
  spanWordFeatures(q, s, span, atoms, families, out);
  if (families.has('sentenceMatch')) sentenceMatchFeatures(q, s, out);
  if (families.has('vectors')) {
    sentenceVectorFeatures(q, s, out);
    spanVectorFeatures(q, s, span, out);
  }
  return out;
}

/**
 * The features that are the same for every span of a sentence (how the sentence and its paragraph match the
 * question): when answering, their score is summed once per sentence and added to each span's.
 */
export function sentenceFeatures<Sink extends FeatureSink>(q: QuestionContext, s: SentenceContext, families: FamilySet, out: Sink): Sink {
  if (families.has('retrieval')) retrievalFeatures(q, s, out);
  if (families.has('sentenceMatch')) sentenceMatchFeatures(q, s, out);
  if (families.has('vectors')) sentenceVectorFeatures(q, s, out);
  return out;
}

/** The features of the span itself within its sentence: with `sentenceFeatures`, all of a candidate's. */
export function spanFeatures<Sink extends FeatureSink>(q: QuestionContext, s: SentenceContext, span: CandidateSpan, atoms: number[], families: FamilySet, out: Sink): Sink {
  spanWordFeatures(q, s, span, atoms, families, out);
  if (families.has('vectors')) spanVectorFeatures(q, s, span, out);
  return out;
}

/** The span's features but for its distance from a word that stands in for a lacking one (vectors). */
function spanWordFeatures(q: QuestionContext, s: SentenceContext, span: CandidateSpan, atoms: number[], families: FamilySet, out: FeatureSink): void {
  if (families.has('alignment')) alignmentFeatures(q, s, span, out);
  if (families.has('gap')) gapFeatures(q, s, span, out);
  if (families.has('overlap')) overlapFeatures(q, s, span, out);
  if (families.has('shape')) for (const a of atoms) out.add(a);
  if (families.has('context')) contextFeatures(q, s, span, out);
  if (families.has('typeMatch')) typeMatchFeatures(q, atoms, out);
  if (families.has('paraphrase')) paraphraseFeatures(q, s, span, out);
  if (families.has('sense')) senseFeatures(q, s, span, out);
}

const A_BIAS = atom('bias');
const A_SCOV = atom('scov');
const A_PCOV = atom('pcov');
const A_SSCORE = atom('sscore');
const A_SREL = atom('srel');
/** Bucketed features, named once: the names are the same as `atom(\`srank=${bucket}\`)` would build. */
const SRANK = [0, 1, 2, 3, '4-5', '4-5', '6-9', '6-9', '6-9', '6-9', '10+'].map((b) => atom(`srank=${b}`));
const PRANK = [0, 1, 2, 3, 4].map((b) => atom(`prank=${b}`));
const SCOVB = [0, 1, 2, 3, 4, 5].map((b) => atom(`scovb=${b}`));
const MATCHED = [0, 1, 2, 3, 4, 5, 6].map((b) => atom(`matched=${b}`));

/** How well the sentence and its paragraph match the question, and where they rank. */
function retrievalFeatures(q: QuestionContext, s: SentenceContext, out: FeatureSink): void {
  const { scored } = s;
  out.add(A_BIAS);
  out.add(A_SCOV, scored.sentenceCoverage);
  out.add(A_PCOV, scored.paragraphCoverage);
  out.add(A_SSCORE, scored.score);
  out.add(A_SREL, s.relativeScore);
  out.add(mix(A_SREL, q.qt), s.relativeScore);
  out.add(mix(A_SCOV, q.qt), scored.sentenceCoverage);
  const srank = SRANK[Math.min(s.sentenceRank, SRANK.length - 1)]!;
  out.add(srank);
  out.add(mix(srank, q.qt));
  out.add(PRANK[Math.min(s.paragraphRank, 4)]!);
  out.add(SCOVB[Math.round(scored.sentenceCoverage * 5)]!);
  out.add(MATCHED[Math.min(scored.matched.length, 6)]!);
}

const A_LEFT = atom('align-left');
const A_RIGHT = atom('align-right');
const A_NEAR3 = atom('near3');
const A_BIGRAM = atom('bigram-near');
const NEAREST_NONE = atom('nearest=none');
const NEAREST = Array.from({ length: 14 }, (_, d) => atom(`nearest=${d <= 3 ? d : d <= 6 ? '4-6' : d <= 12 ? '7-12' : '13+'}`));
const SCRATCH_LEFT = new Float64Array(256);
const SCRATCH_RIGHT = new Float64Array(256);
const termIndexes = new WeakMap<SentenceContext, { index: Int32Array; count: number }>();

/** For each matched position of the sentence, a small number standing for its term key (same key, same number). */
function matchedTerms(s: SentenceContext): { index: Int32Array; count: number } {
  let terms = termIndexes.get(s);
  if (!terms) {
    const numbers = new Map<string, number>();
    const tokens = s.scored.analysed.tokens;
    const index = Int32Array.from(s.scored.matched, (m) => {
      const key = tokens[m]!.key;
      let n = numbers.get(key);
      if (n === undefined) numbers.set(key, (n = Math.min(numbers.size, 255)));
      return n;
    });
    terms = { index, count: numbers.size };
    termIndexes.set(s, terms);
  }
  return terms;
}

/**
 * Question words around the span: their idf-weighted share on each side, decaying with distance in
 * tokens (each term at its nearest occurrence), the nearest one's distance, how many sit within three
 * tokens, the words and the parts of speech from the nearest one on each side to the span, and whether a
 * pair of consecutive question words stands next to the span.
 */
function alignmentFeatures(q: QuestionContext, s: SentenceContext, span: CandidateSpan, out: FeatureSink): void {
  const { scored } = s;
  const tokens = scored.analysed.tokens;
  const { matched, matchedWeights } = scored;
  const terms = matchedTerms(s);
  // Each question term counts once per side, at its nearest occurrence (the largest value).
  const left = SCRATCH_LEFT.fill(0, 0, terms.count);
  const right = SCRATCH_RIGHT.fill(0, 0, terms.count);
  let nearest = Infinity;
  let near3 = 0;
  for (let i = 0; i < matched.length; i++) {
    const m = matched[i]!;
    if (m >= span.from && m < span.to) continue;
    const distance = m < span.from ? span.from - m : m - span.to + 1;
    if (distance < nearest) nearest = distance;
    if (distance <= 3) near3++;
    const value = matchedWeights[i]! / (1 + (distance - 1) / 4);
    const side = m < span.from ? left : right;
    const t = terms.index[i]!;
    if (value > side[t]!) side[t] = value;
  }
  let l = 0;
  let r = 0;
  for (let t = 0; t < terms.count; t++) {
    l += left[t]!;
    r += right[t]!;
  }
  l = Math.min(1, l);
  r = Math.min(1, r);
  out.add(A_LEFT, l);
  out.add(A_RIGHT, r);
  out.add(mix(A_LEFT, q.qt), l);
  out.add(mix(A_RIGHT, q.qt), r);
  const d = nearest === Infinity ? NEAREST_NONE : NEAREST[Math.min(nearest, NEAREST.length - 1)]!;
  out.add(d);
  out.add(mix(d, q.qt));
  out.add(A_NEAR3, Math.min(1, near3 / 3));
  // The words between the nearest question word and the span ("born in", "was founded by"): lexical, learned.
  let nearLeft = -1;
  let nearRight = -1;
  for (const m of scored.matched) {
    if (m < span.from && span.from - m <= 4 && m > nearLeft) nearLeft = m;
    if (m >= span.to && m - span.to < 4 && (nearRight < 0 || m < nearRight)) nearRight = m;
  }
  if (nearLeft >= 0) out.add(mix(stretchAtom(tokens, 'bL=', nearLeft + 1, span.from, wordsBetween), q.qt));
  if (nearRight >= 0) out.add(mix(stretchAtom(tokens, 'bR=', span.to, nearRight, wordsBetween), q.qt));
  // The same stretches as parts of speech, from the question word's own tag to the span's edge ("verb prep
  // proper" for "born in [Paris]"): a path through the sentence that generalises over its words, as a parser's would.
  const tags = scored.analysed.tags;
  if (nearLeft >= 0) {
    const path = stretchAtom(tags, 'tL=', nearLeft, span.from + 1, tagsBetween);
    out.add(mix(path, q.qt));
    out.add(mix(path, q.wh));
  }
  if (nearRight >= 0) {
    const path = stretchAtom(tags, 'tR=', span.to - 1, nearRight + 1, tagsBetween);
    out.add(mix(path, q.qt));
    out.add(mix(path, q.wh));
  }
  if (q.bigrams.size) {
    const ends = bigramEnds(q, s);
    for (let k = Math.max(1, span.from - 4); k < Math.min(tokens.length, span.to + 4); k++) {
      if (k >= span.from && k <= span.to) continue;
      if (ends[k] === 1) {
        out.add(A_BIGRAM);
        break;
      }
    }
  }
}

const bigramEndsCache = new WeakMap<SentenceContext, Uint8Array>();

/** 1 at each token that ends a pair of consecutive question words (the pair as the sentence says it): once per sentence, not per span. */
function bigramEnds(q: QuestionContext, s: SentenceContext): Uint8Array {
  let ends = bigramEndsCache.get(s);
  if (!ends) {
    const tokens = s.scored.analysed.tokens;
    ends = new Uint8Array(tokens.length);
    for (let k = 1; k < tokens.length; k++) if (q.bigrams.has(`${tokens[k - 1]!.key} ${tokens[k]!.key}`)) ends[k] = 1;
    bigramEndsCache.set(s, ends);
  }
  return ends;
}

const GAP_BUCKETS = ['none', '0', '1', '2', '3-5', '6+'];
const GAP_BEFORE = GAP_BUCKETS.map((b) => atom(`gapB=${b}`));
const GAP_AFTER = GAP_BUCKETS.map((b) => atom(`gapA=${b}`));
function gapBucket(d: number): number {
  return d === Infinity ? 0 : d <= 2 ? d + 1 : d <= 5 ? 4 : 5;
}

/** What a stretch of a sentence is read as: its words or its tags, to the left or the right of the span. */
const STRETCH_PREFIXES = ['bL=', 'bR=', 'tL=', 'tR='] as const;
type StretchPrefix = (typeof STRETCH_PREFIXES)[number];
const stretchAtoms = new WeakMap<readonly unknown[], Map<number, number>>();

/**
 * `atom(prefix + name(items, from, to))` for a stretch of one sentence's tokens or tags, kept per sentence by
 * position: every candidate of a sentence asks for the same few stretches, so each name is built and hashed
 * once, not once per candidate.
 */
function stretchAtom<T>(items: readonly T[], prefix: StretchPrefix, from: number, to: number, name: (items: readonly T[], from: number, to: number) => string): number {
  let known = stretchAtoms.get(items);
  if (!known) stretchAtoms.set(items, (known = new Map()));
  const key = (from * 2 ** 21 + to) * STRETCH_PREFIXES.length + STRETCH_PREFIXES.indexOf(prefix);
  let a = known.get(key);
  if (a === undefined) known.set(key, (a = atom(`${prefix}${name(items, from, to)}`)));
  return a;
}

function tagsBetween(tags: readonly string[], from: number, to: number): string {
  return tags.slice(from, to).join(' ');
}

function wordsBetween(tokens: readonly { norm: string }[], from: number, to: number): string {
  let words = '';
  for (let k = from; k < to; k++) words += k === from ? tokens[k]!.norm : ` ${tokens[k]!.norm}`;
  return words;
}

/**
 * Whether the span fills the question's gap: right after the sentence's match of the word before the
 * gap, or right before the word after it (non-stop words between counted), and where the focus noun is.
 */
function gapFeatures(q: QuestionContext, s: SentenceContext, span: CandidateSpan, out: FeatureSink): void {
  const { gap, focus } = q.analysis;
  const tokens = s.scored.analysed.tokens;
  let before = Infinity;
  let after = Infinity;
  for (const m of s.scored.matched) {
    const key = tokens[m]!.key;
    if (gap?.before !== undefined && key === gap.before && m < span.from) {
      let between = 0;
      for (let k = m + 1; k < span.from; k++) if (!tokens[k]!.stop) between++;
      before = Math.min(before, between);
    }
    if (gap?.after !== undefined && key === gap.after && m >= span.to) {
      let between = 0;
      for (let k = span.to; k < m; k++) if (!tokens[k]!.stop) between++;
      after = Math.min(after, between);
    }
  }
  const gb = GAP_BEFORE[gapBucket(before)]!;
  const ga = GAP_AFTER[gapBucket(after)]!;
  out.add(gb);
  out.add(ga);
  out.add(mix(gb, q.qt));
  out.add(mix(ga, q.qt));
  if (focus !== undefined) {
    let where = 0;
    for (let k = span.from; k < span.to; k++) if (tokens[k]!.key === focus) where = 1;
    if (where === 0) {
      if (tokens[span.from - 1]?.key === focus || tokens[span.from - 2]?.key === focus) where = 2;
      else if (tokens[span.to]?.key === focus || tokens[span.to + 1]?.key === focus) where = 3;
    }
    const f = FOCUS_AT[where]!;
    out.add(f);
    out.add(mix(f, q.qt));
  }
}

const FOCUS_AT = ['absent', 'inside', 'before', 'after'].map((w) => atom(`focus=${w}`));
const OVERLAP = ['0', 'low', 'mid', 'high', 'all'].map((o) => atom(`overlap=${o}`));
const A_ONLY_STOP = atom('only-stop');
const A_OVERLAP_SHARE = atom('overlap-share');
const SWALLOWED = ['none', 'some', 'most', 'all'].map((w) => atom(`swallowed=${w}`));
const A_SWALLOWED_SHARE = atom('swallowed-share');
const A_ROLE_MATCH = atom('role-matches-question');

/** How much of the span the question already says: an answer is what the question does not. */
function overlapFeatures(q: QuestionContext, s: SentenceContext, span: CandidateSpan, out: FeatureSink): void {
  const tokens = s.scored.analysed.tokens;
  let content = 0;
  let repeated = 0;
  for (let k = span.from; k < span.to; k++) {
    const t = tokens[k]!;
    if (t.stop) continue;
    content++;
    if (q.keys.has(t.key) && t.key !== q.analysis.focus) repeated++;
  }
  if (content === 0) {
    out.add(A_ONLY_STOP);
    return;
  }
  const share = repeated / content;
  const o = OVERLAP[share === 0 ? 0 : share === 1 ? 4 : share <= 0.34 ? 1 : share <= 0.67 ? 2 : 3]!;
  out.add(o);
  out.add(mix(o, q.qt));
  out.add(A_OVERLAP_SHARE, share);
  // The other way round: how much of the sentence's match with the question the span swallows. A long span
  // holding the words the question asks about ("a whole quotation") restates the question more than it answers.
  const { matched, matchedWeights } = s.scored;
  let inside = 0;
  let total = 0;
  for (let i = 0; i < matched.length; i++) {
    total += matchedWeights[i]!;
    if (matched[i]! >= span.from && matched[i]! < span.to) inside += matchedWeights[i]!;
  }
  if (total > 0) {
    const swallowed = inside / total;
    const w = SWALLOWED[swallowed === 0 ? 0 : swallowed >= 1 ? 3 : swallowed < 0.5 ? 1 : 2]!;
    out.add(w);
    out.add(mix(w, q.qt));
    out.add(A_SWALLOWED_SHARE, swallowed);
  }
  if (span.chainFrom !== undefined && span.chainFrom < span.from) {
    for (let k = span.chainFrom; k < span.from; k++) {
      if (!tokens[k]!.stop && q.keys.has(tokens[k]!.key)) {
        out.add(A_ROLE_MATCH);
        break;
      }
    }
  }
}

const VERB_LEFT = ['none', 'question', 'other'].map((v) => atom(`verbL=${v}`));
const VERB_RIGHT = ['none', 'question', 'other'].map((v) => atom(`verbR=${v}`));

/** The verb nearest the span on each side, and whether it is one of the question's words ("… was founded by [X]"). */
function contextFeatures(q: QuestionContext, s: SentenceContext, span: CandidateSpan, out: FeatureSink): void {
  const { tokens, tags } = s.scored.analysed;
  let verbLeft = 0;
  for (let k = span.from - 1; k >= Math.max(0, span.from - 4); k--) {
    if (tags[k] === 'verb') {
      verbLeft = q.keys.has(tokens[k]!.key) ? 1 : 2;
      break;
    }
  }
  let verbRight = 0;
  for (let k = span.to; k < Math.min(tokens.length, span.to + 4); k++) {
    if (tags[k] === 'verb') {
      verbRight = q.keys.has(tokens[k]!.key) ? 1 : 2;
      break;
    }
  }
  out.add(mix(VERB_LEFT[verbLeft]!, q.qt));
  out.add(mix(VERB_RIGHT[verbRight]!, q.qt));
}

/**
 * The question's expected type, question word and focus crossed with the span's own facts: learned, so
 * that "what year" prefers a four-digit number and "in which city" a capitalised name without a rule
 * for each.
 */
function typeMatchFeatures(q: QuestionContext, atoms: number[], out: FeatureSink): void {
  // The span's kinds, head, neighbours and shape are its first atoms (see `spanAtoms`); the question word
  // and its focus are crossed with those, the coarser answer type with all of them.
  for (let i = 0; i < atoms.length; i++) {
    const a = atoms[i]!;
    out.add(mix(a, q.qt));
    if (i < KEY_ATOMS) {
      out.add(mix(a, q.wh));
      out.add(mix(a, q.whFocus));
    }
  }
}

const A_REL_LEFT = atom('related-left');
const A_REL_RIGHT = atom('related-right');
const A_REL_GAP_BEFORE = atom('related-gap-before');
const A_REL_GAP_AFTER = atom('related-gap-after');
const RELATED_COUNT = [0, 1, 2, 3].map((n) => atom(`related-count=${n}`));

/**
 * Question words the sentence says in other words (WordNet synonyms and derivations, the article's own
 * aliases; see related.ts): their weighted share on each side of the span, as alignment measures exact
 * matches, and whether the word before or after the question's gap is met that way. Separate features,
 * so the model can weigh a synonym below the word itself.
 */
function paraphraseFeatures(q: QuestionContext, s: SentenceContext, span: CandidateSpan, out: FeatureSink): void {
  const { related, relatedKeys, relatedWeights } = s.scored;
  if (related.length === 0) return;
  let left = 0;
  let right = 0;
  let gapBefore = false;
  let gapAfter = false;
  const gap = q.analysis.gap;
  for (let i = 0; i < related.length; i++) {
    const m = related[i]!;
    if (m >= span.from && m < span.to) continue;
    const distance = m < span.from ? span.from - m : m - span.to + 1;
    const value = relatedWeights[i]! / (1 + (distance - 1) / 4);
    if (m < span.from) left += value;
    else right += value;
    if (distance <= 3 && m < span.from && relatedKeys[i] === gap?.before) gapBefore = true;
    if (distance <= 3 && m >= span.to && relatedKeys[i] === gap?.after) gapAfter = true;
  }
  out.add(A_REL_LEFT, Math.min(1, left));
  out.add(A_REL_RIGHT, Math.min(1, right));
  out.add(mix(A_REL_LEFT, q.qt), Math.min(1, left));
  out.add(mix(A_REL_RIGHT, q.qt), Math.min(1, right));
  if (gapBefore) out.add(A_REL_GAP_BEFORE);
  if (gapAfter) out.add(A_REL_GAP_AFTER);
  out.add(RELATED_COUNT[Math.min(related.length, 3)]!);
}

/** A number heads its span as a number, spelt or in digits alike (WordNet files "two" under quantity, "2" nowhere). */
const NUMBER_HEAD = 'number';
const HEAD_CLASS = new Map<string, number>([...NOUN_CLASSES, NUMBER_HEAD, ''].map((c) => [c, atom(`hcls=${c}`)]));
const FOCUS_CLASS = new Map<string, number>([...NOUN_CLASSES, ''].map((c) => [c, atom(`fcls=${c}`)]));
const A_SAME_CLASS = atom('head-class=focus-class');

/**
 * What kind of thing the span's head word names (its WordNet class: person, location, artifact, time…),
 * crossed with the question's type, question word, focus and the focus noun's own class: learned, so a
 * "what instrument" question prefers a span headed by an artifact whichever artifact and instrument.
 */
function senseFeatures(q: QuestionContext, s: SentenceContext, span: CandidateSpan, out: FeatureSink): void {
  const head = s.scored.analysed.tokens[span.to - 1]!;
  const name = /\d/.test(head.text) || NUMBER_WORDS.has(head.norm) ? NUMBER_HEAD : nounClasses().get(head.key) ?? '';
  const h = HEAD_CLASS.get(name)!;
  out.add(h);
  out.add(mix(h, q.qt));
  out.add(mix(h, q.wh));
  out.add(mix(h, q.whFocus));
  out.add(mix(h, q.focusClass));
  if (name && q.focusClass === FOCUS_CLASS.get(name)) out.add(A_SAME_CLASS);
}

const A_SBIGRAM = atom('s-bigrams');
const A_SBIGRAM_ANY = atom('s-bigram-any');
const A_SCOMPACT = atom('s-compact');
const SLENGTH = ['<=10', '<=20', '<=35', '<=60', '60+'].map((b) => atom(`s-length=${b}`));
const A_SMISSING = atom('s-missing');
const SMISSING = [0, 1, 2, 3, 4, 5].map((b) => atom(`s-missing=${b}`));
const A_PMISSING = atom('p-missing');
const PMISSING = [0, 1, 2, 3, 4, 5].map((b) => atom(`p-missing=${b}`));
const BEHIND_BUCKETS = ['0', '<0.1', '<0.25', '0.25+'];
const A_SBEHIND = atom('s-behind');
const SBEHIND = BEHIND_BUCKETS.map((b) => atom(`s-behind=${b}`));
const A_PBEHIND = atom('p-behind');
const PBEHIND = BEHIND_BUCKETS.map((b) => atom(`p-behind=${b}`));
const sentenceBigrams = new WeakMap<SentenceContext, number>();
const A_SPREV = atom('s-previous');
const SPREV = [0, 1, 2, 3, 4].map((b) => atom(`s-previous=${b}`));
const A_SNEXT = atom('s-next');
const SNEXT = [0, 1, 2, 3, 4].map((b) => atom(`s-next=${b}`));
const A_OPENS_PRONOUN = atom('opens-pronoun');
const SENTENCE_AT = ['1', '2', '3', '4+'].map((b) => atom(`s-at=${b}`));
const A_SENTENCE_LAST = atom('s-last');
const PARAGRAPH_AT = ['1', '2-3', '4+'].map((b) => atom(`p-at=${b}`));

function behindBucket(behind: number): number {
  return behind <= 0 ? 0 : behind < 0.1 ? 1 : behind < 0.25 ? 2 : 3;
}

function lengthBucket(tokens: number): number {
  return tokens <= 10 ? 0 : tokens <= 20 ? 1 : tokens <= 35 ? 2 : tokens <= 60 ? 3 : 4;
}

/** Share of the question's consecutive word pairs that the sentence says in the same order (stop words between skipped). */
function bigramShare(q: QuestionContext, s: SentenceContext): number {
  let share = sentenceBigrams.get(s);
  if (share === undefined) {
    const found = new Set<string>();
    let previous: string | undefined;
    for (const t of s.scored.analysed.tokens) {
      if (t.stop) continue;
      if (previous !== undefined && q.bigrams.has(`${previous} ${t.key}`)) found.add(`${previous} ${t.key}`);
      previous = t.key;
    }
    share = q.bigrams.size ? found.size / q.bigrams.size : 0;
    sentenceBigrams.set(s, share);
  }
  return share;
}

/** How close together the sentence's matches of the question sit: distinct terms matched over the tokens from the first match to the last. */
function compactness(s: SentenceContext): number {
  const { matched } = s.scored;
  if (matched.length < 2) return matched.length;
  return Math.min(1, matchedTerms(s).count / (matched[matched.length - 1]! - matched[0]! + 1));
}

/**
 * How the sentence and its paragraph match the question beyond their coverage, the same for every span of
 * the sentence (so they only move the choice between sentences): the question's word pairs the sentence
 * says in order, how close together its matches sit, its length, the weightiest question word it (and its
 * paragraph) lacks, how far it (and its paragraph) falls behind the best-covering one read, how much of
 * what it lacks the sentence before it says (more telling when it opens on a pronoun) and the one after it, and where it stands
 * in its paragraph and its paragraph in the article. Sentence
 * choice is where most of the F1 is lost: over half of what part 1 loses is answers taken from another sentence.
 */
function sentenceMatchFeatures(q: QuestionContext, s: SentenceContext, out: FeatureSink): void {
  const bigrams = bigramShare(q, s);
  out.add(A_SBIGRAM, bigrams);
  out.add(mix(A_SBIGRAM, q.qt), bigrams);
  if (bigrams > 0) out.add(A_SBIGRAM_ANY);
  const { missingWeight, paragraphMissingWeight } = s.scored;
  out.add(A_SMISSING, missingWeight);
  out.add(mix(A_SMISSING, q.qt), missingWeight);
  out.add(SMISSING[Math.min(5, Math.round(missingWeight * 5))]!);
  const behind = SBEHIND[behindBucket(s.coverageBehind)]!;
  out.add(A_SBEHIND, s.coverageBehind);
  out.add(behind);
  out.add(mix(behind, q.qt));
  out.add(A_SCOMPACT, compactness(s));
  out.add(SLENGTH[lengthBucket(s.scored.analysed.tokens.length)]!);
  out.add(A_PMISSING, paragraphMissingWeight);
  out.add(mix(A_PMISSING, q.qt), paragraphMissingWeight);
  out.add(PMISSING[Math.min(5, Math.round(paragraphMissingWeight * 5))]!);
  out.add(A_PBEHIND, s.paragraphBehind);
  out.add(PBEHIND[behindBucket(s.paragraphBehind)]!);
  // Where the sentence stands: a paragraph's first sentence, an article's first paragraph, say what it is about.
  const { sentence, paragraph } = s.scored;
  const at = SENTENCE_AT[Math.min(3, sentence.number - 1)]!;
  out.add(at);
  out.add(mix(at, q.qt));
  if (sentence.number === paragraph.sentences.length) out.add(A_SENTENCE_LAST);
  const paragraphAt = PARAGRAPH_AT[paragraph.number <= 1 ? 0 : paragraph.number <= 3 ? 1 : 2]!;
  out.add(paragraphAt);
  out.add(mix(paragraphAt, q.qt));
  // Tense: the question's "will" or "did" against the auxiliaries the sentence has; which pairs agree is learned.
  auxiliaryFeatures(q, s, out);
  const { previousWeight } = s.scored;
  if (previousWeight > 0) {
    out.add(A_SPREV, previousWeight);
    out.add(mix(A_SPREV, q.qt), previousWeight);
    const bucket = SPREV[Math.min(4, Math.round(previousWeight * 4))]!;
    out.add(bucket);
    if (PRONOUN_OPENERS.has(s.scored.analysed.tokens[0]?.norm ?? '')) out.add(mix(bucket, A_OPENS_PRONOUN));
  }
  // The other way round: the sentence after says what this one lacks, of what this one names ("… fill this gap").
  const { nextWeight } = s.scored;
  if (nextWeight > 0) {
    out.add(A_SNEXT, nextWeight);
    out.add(mix(A_SNEXT, q.qt), nextWeight);
    out.add(SNEXT[Math.min(4, Math.round(nextWeight * 4))]!);
  }
}

const SENTENCE_AUX = new Map([...AUXILIARIES, ''].map((w) => [w, atom(`saux=${w}`)]));

/** The question's auxiliary crossed with each auxiliary the sentence has (or with none): tense agreement, learned. */
function auxiliaryFeatures(q: QuestionContext, s: SentenceContext, out: FeatureSink): void {
  let any = false;
  const seen = new Set<string>();
  for (const t of s.scored.analysed.tokens) {
    if (!AUXILIARIES.has(t.norm) || seen.has(t.norm)) continue;
    seen.add(t.norm);
    any = true;
    out.add(mix(q.auxiliary, SENTENCE_AUX.get(t.norm)!));
  }
  if (!any) out.add(mix(q.auxiliary, SENTENCE_AUX.get('')!));
}

const A_SOFT = atom('soft');
const A_SOFT_LEFT = atom('soft-left');
const SOFT = [0, 1, 2, 3, 4, 5].map((b) => atom(`soft=${b}`));
const SOFT_TOP = [0, 1, 2, 3, 4].map((b) => atom(`soft-top=${b}`));
const SOFT_TOP_SHARE = [0, 1, 2, 3, 4].map((b) => atom(`soft-top-share=${b}`));
const SOFT_NEAR = ['in', 1, '2-3', '4-7', '8+'].map((b) => atom(`soft-near=${b}`));
/** How close a sentence word must be to the question word it stands in for before its place says where the answer is. */
const SOFT_NEAR_MIN = 0.5;

/** What the sentence says close to the question words it lacks, by word vectors (see `softMatch`). */
interface SoftMatch {
  /** Σ over the lacking terms of share × the best similarity of a sentence word to it (0..1). */
  soft: number;
  /** The lacking terms' total share. */
  lacking: number;
  /** For the weightiest lacking term (its share is the sentence's `missingWeight`): its best similarity, and the token where it is found (-1 for none). */
  topBest: number;
  topAt: number;
}

const softMatches = new WeakMap<SentenceContext, SoftMatch>();

/** For each question term the sentence lacks (even in other words), the sentence word nearest it by word vectors. Once per sentence. */
function softMatch(s: SentenceContext): SoftMatch {
  let found = softMatches.get(s);
  if (found) return found;
  const vectors = wordVectors();
  const rows = sentenceRows(s.scored.analysed);
  found = { soft: 0, lacking: 0, topBest: 0, topAt: -1 };
  let topShare = 0;
  for (const term of s.scored.lacking) {
    // A name the question capitalises is matched by its letters only (see `sentenceRows`).
    const nearest = nearestRow(vectors, term.capitalised ? -1 : vectors.rowOf(term.word), rows);
    found.soft += term.share * nearest.similarity;
    found.lacking += term.share;
    if (term.share > topShare) {
      topShare = term.share;
      found.topBest = nearest.similarity;
      found.topAt = nearest.at;
    }
  }
  softMatches.set(s, found);
  return found;
}

/**
 * How near, by word vectors, the sentence comes to the question words it lacks ("vehicles" for "cars",
 * "firm" for "company"); how far the span sits from the word nearest the weightiest of them is
 * `spanVectorFeatures`. Exact words and WordNet's related words are matched already; this is only for what
 * they leave, and only as features, so closeness of words used alike but meaning otherwise ("bought",
 * "sold") counts as much as training finds it worth.
 */
function sentenceVectorFeatures(q: QuestionContext, s: SentenceContext, out: FeatureSink): void {
  if (s.scored.lacking.length === 0) return;
  const m = softMatch(s);
  out.add(A_SOFT, m.soft);
  out.add(mix(A_SOFT, q.qt), m.soft);
  out.add(A_SOFT_LEFT, m.lacking - m.soft);
  out.add(SOFT[Math.min(5, Math.round(m.soft * 5))]!);
  const top = SOFT_TOP[Math.min(4, Math.floor(m.topBest * 5))]!;
  out.add(mix(top, SOFT_TOP_SHARE[Math.min(4, Math.round(s.scored.missingWeight * 4))]!));
  out.add(mix(top, q.qt));
}

/** The span's half of the vectors family: how far it sits from the word that stands in for the weightiest lacking one. */
function spanVectorFeatures(q: QuestionContext, s: SentenceContext, span: CandidateSpan, out: FeatureSink): void {
  if (s.scored.lacking.length === 0) return;
  const m = softMatch(s);
  if (m.topAt < 0 || m.topBest < SOFT_NEAR_MIN) return;
  const distance = m.topAt < span.from ? span.from - m.topAt : m.topAt >= span.to ? m.topAt - span.to + 1 : 0;
  const near = SOFT_NEAR[distance === 0 ? 0 : distance === 1 ? 1 : distance <= 3 ? 2 : distance <= 7 ? 3 : 4]!;
  out.add(near);
  out.add(mix(near, q.qt));
}
