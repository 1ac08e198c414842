import type { Article, Paragraph, Sentence } from '../corpus/types.js';
import { answerCandidates, nameSpans, personSpans, type AnalysedSentence, type CandidateSpan, type Span } from './candidates.js';
import { candidateFeatures, FEATURE_FAMILIES, sentenceFeatures, spanAtoms, spanFeatures, WeightedSum, type FamilySet, type FeatureVector, type QuestionContext, type SentenceContext } from './features.js';
import { atom } from './hashing.js';
import { ARTICLES, ROLE_WORDS } from './lexicon.js';
import type { ScoredSentence } from './retrieve.js';
import { analysed } from './sentenceAnalysis.js';

/** One possible answer to one question: a span (two for a relation) of a read sentence, with its features. */
export interface Candidate {
  sentence: SentenceContext;
  /** The span(s) of the answer in the sentence; two for a relation. */
  spans: Span[];
  /** The short answer: the span's text, or "subject verb object" for a relation. */
  answer: string;
  /** The span its features describe (for a relation, the stretch from subject to object) and that span's atoms. */
  span: CandidateSpan;
  atoms: number[];
  /** Its features (when listed, for training) or its logit under a model (when answering). */
  features?: FeatureVector;
  logit?: number;
}

/** With a model's weights, candidates are scored as their features are found; without, their features are listed. */
export interface Scoring {
  weights: Float32Array;
  mask: number;
}

interface SentenceSpans {
  spans: CandidateSpan[];
  /** The sentence's capitalised name chains (see `nameSpans`). */
  names: Span[];
  atoms: number[][];
}

const spanCache = new WeakMap<Sentence, SentenceSpans>();

/** A sentence's candidate spans and their question-independent atoms: computed once per sentence. */
function sentenceSpans(sentence: Sentence, mentioned: ReadonlySet<string>): SentenceSpans {
  let cached = spanCache.get(sentence);
  if (!cached) {
    const a = analysed(sentence);
    const spans = answerCandidates(a, mentioned);
    const names = nameSpans(a);
    cached = { spans, names, atoms: spans.map((s) => spanAtoms(a, s, names)) };
    spanCache.set(sentence, cached);
  }
  return cached;
}

const A_TRIMMED = atom('trimmed');
const ALL_FAMILIES: FamilySet = new Set(FEATURE_FAMILIES);
const A_RELATION = atom('relation');

/**
 * Every candidate answer from the first `read` sentences: each sentence's spans, plus each span with the
 * question's own words trimmed from its edges ("the per capita consumption gap" for "what gap" keeps
 * its focus; "Japanese car products" for "what did Agus hope Japanese car products could do" goes). A
 * span made only of the question's words answers nothing and is not offered. For "who met whom", the
 * candidates are relations: a person before the question's verb and one after it.
 */
export function questionCandidates(
  q: QuestionContext, sentences: ScoredSentence[], read: number, families?: FamilySet, scoring?: Scoring,
): Candidate[] {
  const candidates: Candidate[] = [];
  const familySet = families ?? ALL_FAMILIES;
  // What a sentence adds to each of its spans' scores, summed once (see `sentenceFeatures`).
  let sentenceScore = 0;
  const evaluate = (context: SentenceContext, span: CandidateSpan, atoms: number[]): Pick<Candidate, 'features' | 'logit'> => {
    if (!scoring) return { features: candidateFeatures(q, context, span, atoms, familySet) };
    return { logit: sentenceScore + spanFeatures(q, context, span, atoms, familySet, new WeightedSum(scoring.weights, scoring.mask)).sum };
  };
  const paragraphRanks = new Map<string, number>();
  for (const s of sentences) if (!paragraphRanks.has(s.paragraph.id)) paragraphRanks.set(s.paragraph.id, paragraphRanks.size);
  const top = sentences[0]?.score || 1;
  const readHere = sentences.slice(0, read);
  const bestCoverage = readHere.reduce((best, s) => Math.max(best, s.sentenceCoverage), 0);
  const bestParagraphCoverage = readHere.reduce((best, s) => Math.max(best, s.paragraphCoverage), 0);
  // A quotation over several sentences is offered whole once, with the first of its sentences to be read.
  const statementsOffered = new Set<Sentence>();
  readHere.forEach((scored, sentenceRank) => {
    const context: SentenceContext = {
      scored, sentenceRank, paragraphRank: paragraphRanks.get(scored.paragraph.id)!, relativeScore: scored.score / top,
      coverageBehind: bestCoverage - scored.sentenceCoverage, paragraphBehind: bestParagraphCoverage - scored.paragraphCoverage,
    };
    // Names are read against their own article's usage, so a sentence's spans are the same whatever is asked;
    // that usage is only looked up (a scan of the whole article) when a role chain needs it.
    const mentioned = lazyMentions(scored.article);
    if (q.analysis.answerType === 'relation') {
      if (scoring) sentenceScore = sentenceFeatures(q, context, familySet, new WeightedSum(scoring.weights, scoring.mask)).sum;
      const a = scored.analysed;
      const relation = relationCandidate(q, a, mentioned);
      if (relation) {
        const { covering, spans, answer } = relation;
        const atoms = [...spanAtoms(a, covering, sentenceSpans(scored.sentence, mentioned).names), A_RELATION];
        candidates.push({ sentence: context, spans, answer, span: covering, atoms, ...evaluate(context, covering, atoms) });
      }
      return;
    }
    offerSpans(context, mentioned, () => true);
    // A statement answers a question asking what someone said; to others its sentences answer one by one.
    const statement = q.analysis.answerType === 'statement' ? scored.statement : undefined;
    if (statement && !statementsOffered.has(statement.sentence)) {
      statementsOffered.add(statement.sentence);
      // Scored as the sentence it is, standing where its sentence read here stands.
      const whole: SentenceContext = {
        ...context, scored: statement, relativeScore: statement.score / top,
        coverageBehind: Math.max(0, bestCoverage - statement.sentenceCoverage), paragraphBehind: Math.max(0, bestParagraphCoverage - statement.paragraphCoverage),
      };
      offerSpans(whole, mentioned, (span) => span.kinds.includes('quote') && crossesSentences(statement.paragraph, statement.sentence, span));
    }
  });

  /** Every span of the context's sentence that `keep` accepts, and each with the question's words trimmed from its edges. */
  function offerSpans(context: SentenceContext, mentioned: ReadonlySet<string>, keep: (span: CandidateSpan) => boolean): void {
    if (scoring) sentenceScore = sentenceFeatures(q, context, familySet, new WeightedSum(scoring.weights, scoring.mask)).sum;
    const { scored } = context;
    const a = scored.analysed;
    const { spans, names, atoms } = sentenceSpans(scored.sentence, mentioned);
    // Character ranges already offered, as one number: start × 2^32 + end.
    const seen = new Set<number>();
    spans.forEach((span, i) => {
      if (!keep(span) || !offersAnswer(q, a, span)) return;
      seen.add(span.start * 2 ** 32 + span.end);
      candidates.push({ sentence: context, spans: [span], answer: span.text, span, atoms: atoms[i]!, ...evaluate(context, span, atoms[i]!) });
    });
    for (const span of spans) {
      if (!keep(span)) continue;
      const cut = trimQuestionWords(a, span, q.keys, q.analysis.focus);
      // A trimmed span is no longer the role chain it came from.
      const trimmed = cut && cut !== span ? { ...cut, chainFrom: undefined } : undefined;
      if (!trimmed || seen.has(trimmed.start * 2 ** 32 + trimmed.end) || !offersAnswer(q, a, trimmed)) continue;
      seen.add(trimmed.start * 2 ** 32 + trimmed.end);
      const trimmedAtoms = [...spanAtoms(a, trimmed, names), A_TRIMMED];
      candidates.push({ sentence: context, spans: [trimmed], answer: trimmed.text, span: trimmed, atoms: trimmedAtoms, ...evaluate(context, trimmed, trimmedAtoms) });
    }
  }
  return candidates;
}

/** Whether a span of a statement runs over more than one of its paragraph's sentences (a shorter one is offered by its own sentence). */
function crossesSentences(paragraph: Paragraph, statement: Sentence, span: Span): boolean {
  const start = statement.start + span.start;
  const end = statement.start + span.end;
  return !paragraph.sentences.some((s) => s.start <= start && end <= s.end);
}

/** A span says something the question does not: it holds a content word outside the question. */
function offersAnswer(q: QuestionContext, sentence: AnalysedSentence, span: Span): boolean {
  for (let k = span.from; k < span.to; k++) {
    const t = sentence.tokens[k]!;
    if (!t.stop && !q.keys.has(t.key)) return true;
  }
  return false;
}

/** "Who met whom": the nearest person before the question's verb and the first one after it, joined by the verb. */
function relationCandidate(q: QuestionContext, a: AnalysedSentence, mentioned: ReadonlySet<string>): { covering: CandidateSpan; spans: Span[]; answer: string } | undefined {
  const verbKey = q.analysis.verb?.key;
  const verbIndex = verbKey ? a.tokens.findIndex((t) => t.key === verbKey) : -1;
  if (verbIndex < 0) return undefined;
  const names = personSpans(a, mentioned);
  const subject = [...names].reverse().find((s) => s.to <= verbIndex && verbIndex - s.to <= 3);
  const object = names.find((s) => s.from > verbIndex && s.from - verbIndex <= 12 && s.text !== subject?.text);
  if (!subject || !object) return undefined;
  const covering: CandidateSpan = {
    start: subject.start, end: object.end, text: a.text.slice(subject.start, object.end), from: subject.from, to: object.to, prior: 1, kinds: ['person'],
  };
  return { covering, spans: [subject, object], answer: `${subject.text} ${a.tokens[verbIndex]!.text} ${object.text}` };
}

/**
 * Drops question words from both ends of a span, with the function words that lead to them; a leading
 * article before a kept word stays ("a plan for …"). The focus noun is never dropped. The span itself when
 * nothing is dropped; undefined when nothing is left.
 */
export function trimQuestionWords<S extends Span>(sentence: AnalysedSentence, span: S, questionKeys: Set<string>, focus?: string): S | undefined {
  const { tokens, text } = sentence;
  let from = span.from;
  let to = span.to;
  for (;;) {
    let k = from;
    while (k < to && tokens[k]!.stop) k++;
    if (k < to && isQuestionWord(tokens[k]!.key, questionKeys, focus)) from = k + 1;
    else break;
  }
  for (;;) {
    let k = to - 1;
    while (k >= from && tokens[k]!.stop) k--;
    if (k >= from && isQuestionWord(tokens[k]!.key, questionKeys, focus)) to = k;
    else {
      to = k + 1;
      break;
    }
  }
  if (from === span.from && to === span.to) return span;
  if (to < span.to) {
    // A prepositional phrase left without its noun ("… gap for automotive [products]") goes too.
    const tags = sentence.tags;
    for (let k = to - 1; k > from; k--) {
      if (tags[k] === 'prep') {
        if (!tags.slice(k + 1, to).some((t) => t === 'noun' || t === 'proper' || t === 'num')) to = k;
        break;
      }
    }
  }
  // What trimming leaves at the front is a preposition or the like: "(focus) on X" → "X"; articles stay.
  while (from < to && tokens[from]!.stop && !ARTICLES.has(tokens[from]!.norm)) from++;
  if (from >= to) return undefined;
  const start = from === span.from ? span.start : tokens[from]!.start;
  const end = to === span.to ? span.end : tokens[to - 1]!.end;
  return { ...span, from, to, start, end, text: text.slice(start, end) };
}

/** A word of the question other than its focus noun. Not a closure: this runs for every span, and tsx names each closure it creates. */
function isQuestionWord(key: string, questionKeys: Set<string>, focus: string | undefined): boolean {
  return questionKeys.has(key) && key !== focus;
}

const lazyCache = new WeakMap<Article, ReadonlySet<string>>();

/** `mentionedNames([article])`, computed on first use. */
function lazyMentions(article: Article): ReadonlySet<string> {
  let set = lazyCache.get(article);
  if (!set) lazyCache.set(article, (set = lazySet(() => mentionedNames([article]))));
  return set;
}

/** A set computed on first use (a read-only view that behaves as the set `compute` returns). */
export function lazySet<T>(compute: () => Set<T>): ReadonlySet<T> {
  let set: Set<T> | undefined;
  return new Proxy(new Set<T>(), {
    get(_target, property) {
      set ??= compute();
      const value: unknown = Reflect.get(set, property, set);
      return typeof value === 'function' ? value.bind(set) : value;
    },
  });
}

const mentionedCache = new WeakMap<Article, Set<string>>();

/**
 * First words of short names used in running text in the articles read ("Agus said", "Ken Saito
 * acknowledged"): how news refers to a person after naming them in full, which tells where a name starts
 * inside a title. Computed once per article.
 */
export function mentionedNames(articles: Iterable<Article>): Set<string> {
  const names = new Set<string>();
  for (const article of articles) {
    let own = mentionedCache.get(article);
    if (!own) {
      own = new Set();
      for (const paragraph of article.paragraphs) {
        for (const sentence of paragraph.sentences) {
          const a = analysed(sentence);
          // Untagged: tagging every sentence of a long article would cost more than the answer itself.
          for (const span of nameSpans(a, { tagged: false })) {
            const after = a.tokens[span.to];
            const words = a.tokens.slice(span.from, span.to);
            if (words.length <= 3 && !words.some((t) => ROLE_WORDS.has(t.norm)) && after && /^ [a-z]/.test(a.text.slice(span.end, after.start + 1))) {
              own.add(words[0]!.norm);
            }
          }
        }
      }
      mentionedCache.set(article, own);
    }
    for (const name of own) names.add(name);
  }
  return names;
}
