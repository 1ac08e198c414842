import type { QuestionAnalysis } from './analyzeQuestion.js';
import type { AnalysedSentence, CandidateSpan } from './candidates.js';
import { atom, mix } from './hashing.js';
import { ROLE_WORDS } from './lexicon.js';
import type { ScoredSentence } from './retrieve.js';

/**
 * The answer model's features: what is true of a (question, candidate span, sentence, paragraph). One
 * function per family, each pure, shared by answering and training. A feature is a hash (see hashing.ts)
 * with a value: 1 for an indicator, a number in 0..1 for a measurement. Nothing here weighs anything:
 * the trained model says how much each feature counts.
 */

/** The feature families, in the order the ablation table lists them. */
export const FEATURE_FAMILIES = ['retrieval', 'alignment', 'gap', 'overlap', 'shape', 'context', 'typeMatch', 'paraphrase'] as const;
export type FeatureFamily = (typeof FEATURE_FAMILIES)[number];

/** A candidate's features: parallel lists of hashes and values. */
export interface FeatureVector {
  hashes: number[];
  values: number[];
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
}

/** Where the candidate's sentence stands in retrieval. */
export interface SentenceContext {
  scored: ScoredSentence;
  /** 0-based rank of the sentence among those read, and of its paragraph among the paragraphs. */
  sentenceRank: number;
  paragraphRank: number;
  /** The sentence's retrieval score over the best sentence's. */
  relativeScore: number;
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
  };
}

/**
 * Question-independent facts of a span, as hashes: its kinds, length, capitalisation, parts of speech,
 * head word, first word, the words and tags just before and after it, the punctuation around it and
 * the shape of any number in it. Computed once per span and crossed with the question's type and focus.
 */
export function spanAtoms(sentence: AnalysedSentence, span: CandidateSpan): number[] {
  const { tokens, tags, text } = sentence;
  const inside = tokens.slice(span.from, span.to);
  const n = span.to - span.from;
  const prev = tokens[span.from - 1];
  const prev2 = tokens[span.from - 2];
  const next = tokens[span.to];
  const caps = inside.map((t) => (/^\d/.test(t.text) ? 'd' : /^\p{Lu}/u.test(t.text) ? 'C' : 'l'));
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

/** How many of a span's atoms come first and are crossed with the question word and focus. */
const KEY_ATOMS = 10;

/** The families a model may leave out (for the ablation); the default uses all of them. */
export type FamilySet = ReadonlySet<FeatureFamily>;
const ALL: FamilySet = new Set(FEATURE_FAMILIES);

/** Every feature of one candidate. */
export function candidateFeatures(q: QuestionContext, s: SentenceContext, span: CandidateSpan, atoms: number[], families: FamilySet = ALL): FeatureVector {
  const out: FeatureVector = { hashes: [], values: [] };
  const add = (hash: number, value = 1) => {
    out.hashes.push(hash);
    out.values.push(value);
  };
  if (families.has('retrieval')) retrievalFeatures(q, s, add);
  if (families.has('alignment')) alignmentFeatures(q, s, span, add);
  if (families.has('gap')) gapFeatures(q, s, span, add);
  if (families.has('overlap')) overlapFeatures(q, s, span, add);
  if (families.has('shape')) for (const a of atoms) add(a);
  if (families.has('context')) contextFeatures(q, s, span, add);
  if (families.has('typeMatch')) typeMatchFeatures(q, atoms, add);
  if (families.has('paraphrase')) paraphraseFeatures(q, s, span, add);
  return out;
}

type Add = (hash: number, value?: number) => void;

const A_BIAS = atom('bias');
const A_SCOV = atom('scov');
const A_PCOV = atom('pcov');
const A_SSCORE = atom('sscore');
const A_SREL = atom('srel');

/** How well the sentence and its paragraph match the question, and where they rank. */
function retrievalFeatures(q: QuestionContext, s: SentenceContext, add: Add): void {
  const { scored } = s;
  add(A_BIAS);
  add(A_SCOV, scored.sentenceCoverage);
  add(A_PCOV, scored.paragraphCoverage);
  add(A_SSCORE, scored.score);
  add(A_SREL, s.relativeScore);
  add(mix(A_SREL, q.qt), s.relativeScore);
  add(mix(A_SCOV, q.qt), scored.sentenceCoverage);
  const r = s.sentenceRank;
  const srank = atom(`srank=${r <= 3 ? r : r <= 5 ? '4-5' : r <= 9 ? '6-9' : '10+'}`);
  add(srank);
  add(mix(srank, q.qt));
  add(atom(`prank=${Math.min(s.paragraphRank, 4)}`));
  add(atom(`scovb=${Math.round(scored.sentenceCoverage * 5)}`));
  add(atom(`matched=${Math.min(scored.matched.length, 6)}`));
}

const A_LEFT = atom('align-left');
const A_RIGHT = atom('align-right');
const A_NEAR3 = atom('near3');
const A_BIGRAM = atom('bigram-near');

/**
 * Question words around the span: their idf-weighted share on each side, decaying with distance in
 * tokens (each term at its nearest occurrence), the nearest one's distance, how many sit within three
 * tokens, and whether a pair of consecutive question words stands next to the span.
 */
function alignmentFeatures(q: QuestionContext, s: SentenceContext, span: CandidateSpan, add: Add): void {
  const { scored } = s;
  const tokens = scored.analysed.tokens;
  const left = new Map<string, number>();
  const right = new Map<string, number>();
  let nearest = Infinity;
  let near3 = 0;
  scored.matched.forEach((m, i) => {
    if (m >= span.from && m < span.to) return;
    const distance = m < span.from ? span.from - m : m - span.to + 1;
    nearest = Math.min(nearest, distance);
    if (distance <= 3) near3++;
    const value = scored.matchedWeights[i]! / (1 + (distance - 1) / 4);
    const side = m < span.from ? left : right;
    const key = tokens[m]!.key;
    side.set(key, Math.max(side.get(key) ?? 0, value));
  });
  const sum = (m: Map<string, number>) => Math.min(1, [...m.values()].reduce((a, b) => a + b, 0));
  const l = sum(left);
  const r = sum(right);
  add(A_LEFT, l);
  add(A_RIGHT, r);
  add(mix(A_LEFT, q.qt), l);
  add(mix(A_RIGHT, q.qt), r);
  const d = atom(`nearest=${nearest === Infinity ? 'none' : nearest <= 3 ? nearest : nearest <= 6 ? '4-6' : nearest <= 12 ? '7-12' : '13+'}`);
  add(d);
  add(mix(d, q.qt));
  add(A_NEAR3, Math.min(1, near3 / 3));
  // The words between the nearest question word and the span ("born in", "was founded by"): lexical, learned.
  const between = (from: number, to: number) => tokens.slice(from, to).map((t) => t.norm).join(' ');
  let nearLeft = -1;
  let nearRight = -1;
  for (const m of scored.matched) {
    if (m < span.from && span.from - m <= 4 && m > nearLeft) nearLeft = m;
    if (m >= span.to && m - span.to < 4 && (nearRight < 0 || m < nearRight)) nearRight = m;
  }
  if (nearLeft >= 0) add(mix(atom(`bL=${between(nearLeft + 1, span.from)}`), q.qt));
  if (nearRight >= 0) add(mix(atom(`bR=${between(span.to, nearRight)}`), q.qt));
  if (q.bigrams.size) {
    for (let k = Math.max(1, span.from - 4); k < Math.min(tokens.length, span.to + 4); k++) {
      if (k >= span.from && k <= span.to) continue;
      if (q.bigrams.has(`${tokens[k - 1]!.key} ${tokens[k]!.key}`)) {
        add(A_BIGRAM);
        break;
      }
    }
  }
}

/**
 * Whether the span fills the question's gap: right after the sentence's match of the word before the
 * gap, or right before the word after it (non-stop words between counted), and where the focus noun is.
 */
function gapFeatures(q: QuestionContext, s: SentenceContext, span: CandidateSpan, add: Add): void {
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
  const bucket = (d: number) => (d === Infinity ? 'none' : d <= 2 ? String(d) : d <= 5 ? '3-5' : '6+');
  const gb = atom(`gapB=${bucket(before)}`);
  const ga = atom(`gapA=${bucket(after)}`);
  add(gb);
  add(ga);
  add(mix(gb, q.qt));
  add(mix(ga, q.qt));
  if (focus !== undefined) {
    let where = 'absent';
    if (tokens.slice(span.from, span.to).some((t) => t.key === focus)) where = 'inside';
    else if (tokens[span.from - 1]?.key === focus || tokens[span.from - 2]?.key === focus) where = 'before';
    else if (tokens[span.to]?.key === focus || tokens[span.to + 1]?.key === focus) where = 'after';
    const f = atom(`focus=${where}`);
    add(f);
    add(mix(f, q.qt));
  }
}

/** How much of the span the question already says: an answer is what the question does not. */
function overlapFeatures(q: QuestionContext, s: SentenceContext, span: CandidateSpan, add: Add): void {
  const inside = s.scored.analysed.tokens.slice(span.from, span.to).filter((t) => !t.stop);
  if (inside.length === 0) {
    add(atom('only-stop'));
    return;
  }
  const repeated = inside.filter((t) => q.keys.has(t.key) && t.key !== q.analysis.focus).length;
  const share = repeated / inside.length;
  const o = atom(`overlap=${share === 0 ? 0 : share === 1 ? 'all' : share <= 0.34 ? 'low' : share <= 0.67 ? 'mid' : 'high'}`);
  add(o);
  add(mix(o, q.qt));
  add(atom('overlap-share'), share);
  if (span.chainFrom !== undefined && span.chainFrom < span.from) {
    const role = s.scored.analysed.tokens.slice(span.chainFrom, span.from).filter((t) => !t.stop);
    if (role.some((t) => q.keys.has(t.key))) add(atom('role-matches-question'));
  }
}

/** The verb nearest the span on each side, and whether it is one of the question's words ("… was founded by [X]"). */
function contextFeatures(q: QuestionContext, s: SentenceContext, span: CandidateSpan, add: Add): void {
  const { tokens, tags } = s.scored.analysed;
  let verbLeft = 'none';
  for (let k = span.from - 1; k >= Math.max(0, span.from - 4); k--) {
    if (tags[k] === 'verb') {
      verbLeft = q.keys.has(tokens[k]!.key) ? 'question' : 'other';
      break;
    }
  }
  let verbRight = 'none';
  for (let k = span.to; k < Math.min(tokens.length, span.to + 4); k++) {
    if (tags[k] === 'verb') {
      verbRight = q.keys.has(tokens[k]!.key) ? 'question' : 'other';
      break;
    }
  }
  add(mix(atom(`verbL=${verbLeft}`), q.qt));
  add(mix(atom(`verbR=${verbRight}`), q.qt));
}

/**
 * The question's expected type, question word and focus crossed with the span's own facts: learned, so
 * that "what year" prefers a four-digit number and "in which city" a capitalised name without a rule
 * for each.
 */
function typeMatchFeatures(q: QuestionContext, atoms: number[], add: Add): void {
  // The span's kinds, head, neighbours and shape are its first atoms (see `spanAtoms`); the question word
  // and its focus are crossed with those, the coarser answer type with all of them.
  for (let i = 0; i < atoms.length; i++) {
    const a = atoms[i]!;
    add(mix(a, q.qt));
    if (i < KEY_ATOMS) {
      add(mix(a, q.wh));
      add(mix(a, q.whFocus));
    }
  }
}

const A_REL_LEFT = atom('related-left');
const A_REL_RIGHT = atom('related-right');

/**
 * Question words the sentence says in other words (WordNet synonyms and derivations, the article's own
 * aliases; see related.ts): their weighted share on each side of the span, as alignment measures exact
 * matches, and whether the word before or after the question's gap is met that way. Separate features,
 * so the model can weigh a synonym below the word itself.
 */
function paraphraseFeatures(q: QuestionContext, s: SentenceContext, span: CandidateSpan, add: Add): void {
  const { related, relatedKeys, relatedWeights } = s.scored;
  if (related.length === 0) return;
  let left = 0;
  let right = 0;
  let gapBefore = false;
  let gapAfter = false;
  const gap = q.analysis.gap;
  related.forEach((m, i) => {
    if (m >= span.from && m < span.to) return;
    const distance = m < span.from ? span.from - m : m - span.to + 1;
    const value = relatedWeights[i]! / (1 + (distance - 1) / 4);
    if (m < span.from) left += value;
    else right += value;
    if (distance <= 3 && m < span.from && relatedKeys[i] === gap?.before) gapBefore = true;
    if (distance <= 3 && m >= span.to && relatedKeys[i] === gap?.after) gapAfter = true;
  });
  add(A_REL_LEFT, Math.min(1, left));
  add(A_REL_RIGHT, Math.min(1, right));
  add(mix(A_REL_LEFT, q.qt), Math.min(1, left));
  add(mix(A_REL_RIGHT, q.qt), Math.min(1, right));
  if (gapBefore) add(atom('related-gap-before'));
  if (gapAfter) add(atom('related-gap-after'));
  add(atom(`related-count=${Math.min(related.length, 3)}`));
}
