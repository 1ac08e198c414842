import type { Scope } from '../corpus/scope.js';
import type { SearchIndex } from '../index/buildIndex.js';
import { analyzeQuestion, type QuestionAnalysis } from './analyzeQuestion.js';
import { candidateSpans, personSpans, reportedSpans, splitsWord, type Span } from './candidates.js';
import { composeAnswer } from './compose.js';
import { CURRENCY, REPORTING_VERBS } from './lexicon.js';
import { lazySet, mentionedNames, trimQuestionWords } from './questionCandidates.js';
import { retrieveSentences, type ScoredSentence } from './retrieve.js';
import type { Answer } from './types.js';

/**
 * The hand-set answerer the bot had before the trained model (kept as the default while the model trails
 * it on the bundled article; see docs/quality.md): candidate spans of the question's expected type,
 * scored by products of hand-set factors of the sentence's coverage, closeness to the matched words,
 * the span's typicality and how little of the question it repeats.
 */

/**
 * Below this confidence the bot says the article does not say. Chosen on the first 12 SQuAD articles of
 * part 1: at 0.25, 96.5% answered and 10% false answers when each question is asked of another article
 * (0.3: 93% and 3.4%, 1 F1 less). Checked on the gold set: its unanswerable questions all score below
 * 0.22 and its answerable ones above 0.5. See "Answer quality on SQuAD" in the README.
 */
export const ABSTAIN_BELOW = 0.25;
/** How many sentences to look for answer spans in. */
const READ_SENTENCES = 6;

export interface RuleCandidate {
  scored: ScoredSentence;
  /** The span(s) of the answer in the sentence; two for a relation. */
  spans: Span[];
  answer: string;
  score: number;
}

/**
 * Answers by the hand-set rules. The answer is always verbatim text of the cited passage (for a relation,
 * two spans joined by the verb). Synchronous and side-effect free.
 *
 * @example
 * const answer = askByRules(index, 'Who met whom?');
 * answer.answer; // "Agus Gumiwang Kartasasmita met Ken Saito"
 */
export function askByRules(index: SearchIndex, question: string, options: { articleId?: string | undefined; scope?: Scope | undefined; maxCitations?: number | undefined } = {}): Answer {
  const analysis = analyzeQuestion(question);
  const sentences = analysis.terms.length ? withStatements(retrieveSentences(index, analysis, { articleId: options.articleId, scope: options.scope })) : [];
  // Only person and relation answers read these names; computing them analyses whole articles, so on demand.
  const mentioned = lazySet(() => mentionedNames(new Set(sentences.slice(0, READ_SENTENCES).map((s) => s.article))));
  const best = bestCandidate(analysis, sentences, mentioned);
  return composeAnswer(index, {
    analysis, sentences, pick: best && { scored: best.scored, spans: best.spans, answer: best.answer },
    confidence: best ? Math.min(1, best.score) : 0, declineBelow: ABSTAIN_BELOW, maxCitations: options.maxCitations ?? 3, modelVersion: 'rules',
  });
}

/**
 * The retrieved sentences with each quotation over several of them as a sentence of its own, by score: the
 * rules read a quoted statement as one sentence, as the splitter gave it before it split quotations.
 */
function withStatements(sentences: ScoredSentence[]): ScoredSentence[] {
  const statements = new Set<ScoredSentence>();
  for (const s of sentences) if (s.statement) statements.add(s.statement);
  return statements.size ? [...sentences, ...statements].sort((a, b) => b.score - a.score) : sentences;
}

/**
 * The same winner as `rankCandidates(…)[0]`, reading fewer sentences: outside statements, a candidate's
 * score is its sentence's score times factors of at most 1, so once the best candidate so far reaches
 * the next sentence's score, no later sentence can beat it (ties go to the earlier sentence either way).
 * Finding candidates tags the sentence's parts of speech, the costliest step of answering.
 */
function bestCandidate(analysis: QuestionAnalysis, sentences: ScoredSentence[], mentioned: ReadonlySet<string>): RuleCandidate | undefined {
  if (analysis.answerType === 'statement') return rankCandidates(analysis, sentences, mentioned)[0];
  let best: RuleCandidate | undefined;
  for (const scored of sentences.slice(0, READ_SENTENCES)) {
    if (best && best.score >= scored.score) break;
    for (const candidate of sentenceCandidates(analysis, scored, mentioned)) if (!best || candidate.score > best.score) best = candidate;
  }
  return best;
}

/** Every candidate answer from the best sentences, best first (exported for diagnostics and evaluation). */
export function rankCandidates(analysis: QuestionAnalysis, sentences: ScoredSentence[], mentioned: ReadonlySet<string>): RuleCandidate[] {
  return sentences
    .slice(0, READ_SENTENCES)
    .flatMap((scored) => sentenceCandidates(analysis, scored, mentioned))
    .sort((a, b) => b.score - a.score);
}

function sentenceCandidates(analysis: QuestionAnalysis, scored: ScoredSentence, mentioned: ReadonlySet<string>): RuleCandidate[] {
  const { analysed, matched } = scored;
  const questionKeys = new Set(analysis.terms.map((t) => t.key));
  const verbIndex = analysis.verb ? analysed.tokens.findIndex((t) => t.key === analysis.verb!.key) : -1;

  if (analysis.answerType === 'relation') {
    if (verbIndex < 0) return [];
    const names = personSpans(analysed, mentioned);
    const subject = [...names].reverse().find((s) => s.to <= verbIndex && verbIndex - s.to <= 3);
    const object = names.find((s) => s.from > verbIndex && s.from - verbIndex <= 12 && !sameText(s, subject));
    if (!subject || !object) return [];
    const verb = analysed.tokens[verbIndex]!;
    return [{ scored, spans: [subject, object], answer: `${subject.text} ${verb.text} ${object.text}`, score: scored.score }];
  }

  let spans = candidateSpans(analysed, analysis.answerType, mentioned, analysis.wh);
  if (analysis.answerType === 'statement') {
    const reporting = analysed.tokens.flatMap((t, i) => (REPORTING_VERBS.has(t.norm) ? [i] : []));
    spans = [...spans, ...reportedSpans(analysed, reporting)];
  }
  const candidates: RuleCandidate[] = [];
  const focus = analysis.focus;
  const tokens = analysed.tokens;
  for (const raw of spans) {
    // A reason that opens on the question's own verb ("to meet again…") restates it; the next one answers.
    if (analysis.answerType === 'reason' && questionKeys.has(tokens[raw.from + 1]?.key ?? '')) continue;
    // The answer is what the question does not already say: trim question words from its edges.
    const span = analysis.answerType === 'statement' ? raw : trimQuestionWords(analysed, raw, questionKeys, focus);
    if (!span) continue;
    // "What is the price of…": a number that names no currency is not a price.
    if (analysis.money && !CURRENCY.test(analysed.text.slice(Math.max(0, span.start - 1), span.end + 12))) continue;
    // A name or group cut down to its common-noun tail ("Super Bowl 50 halftime show" → "halftime show") names no one.
    if ((analysis.answerType === 'person' || analysis.answerType === 'place') && span.from !== raw.from && !/^\p{Lu}|^\d/u.test(span.text)) continue;
    // A span must start and end on word boundaries: not "th" of "50th", not "U" of "U.S.".
    if (splitsWord(analysed.text, span)) continue;
    const inside = tokens.slice(span.from, span.to).filter((t) => !t.stop);
    const holdsFocus = focus !== undefined && inside.some((t) => t.key === focus);
    const repeated = inside.filter((t) => questionKeys.has(t.key) && t.key !== focus).length;
    const repeatedShare = inside.length ? repeated / inside.length : 1;
    if (inside.length === 0 || (analysis.answerType !== 'statement' && repeatedShare > 0.5)) continue;
    // Nothing but the question's own words ("this gap" for "what gap…") answers nothing.
    if (analysis.answerType !== 'statement' && inside.every((t) => questionKeys.has(t.key))) continue;
    // A phrase headed by the asked-about noun ("what ecosystem" → "electric vehicle ecosystem") is typical,
    // unless the noun introduces an apposition ("a crucial issue …: competent human resources").
    if (holdsFocus && /^\s*[:—–]/.test(analysed.text.slice(span.end))) continue;
    const focusPrior = holdsFocus || afterFocusApposition(analysed, span, focus) ? 1 : 0;
    const mention = span.chainFrom !== undefined ? { ...span, from: span.chainFrom } : span;
    // Where the question's words surround the span, and whether it fills the question's gap; typed
    // answers (dates, names, numbers) also count plain nearness to any matched word.
    const aligned = 0.5 * alignment(mention, scored) + 0.5 * gapAdjacency(mention, scored, analysis.gap, focus);
    let closeness = analysis.answerType === 'phrase' ? aligned
      : analysis.answerType === 'statement' ? proximity(mention, matched)
      : 0.5 * aligned + 0.5 * proximity(mention, matched);
    // Holding the asked-about noun makes a span a plausible answer, not a sure one ("what color pants" → "white").
    closeness = Math.max(closeness, 0.5 * focusPrior);
    if (analysis.verb && verbIndex >= 0 && analysis.answerType === 'person') {
      // "who met X" wants the subject: the nearest name before the verb; "whom did X meet" the object after it.
      const subject = [...spans].reverse().find((s) => s.to <= verbIndex && verbIndex - s.to <= 3);
      const before = subject !== undefined && subject.from === raw.from;
      const after = span.from > verbIndex && span.from - verbIndex <= 12;
      closeness = (analysis.role === 'subject' && before) || (analysis.role === 'object' && after) ? 1 : closeness * 0.6;
    }
    let roleMatch = 0;
    if (span.chainFrom !== undefined && span.chainFrom < span.from) {
      // "Who is the Minister of Industry?": the role words before a name match the question.
      const role = tokens.slice(span.chainFrom, span.from).filter((t) => !t.stop);
      roleMatch = role.filter((t) => questionKeys.has(t.key)).length / Math.max(1, questionKeys.size);
    }
    const context = analysis.answerType === 'statement' ? 0.4 * scored.score + 0.6 * scored.paragraphCoverage : scored.score;
    const restates = analysis.answerType === 'statement' ? 1 : 1 - 0.5 * repeatedShare;
    // "What gap…": a phrase that is not about the asked-about noun is a weaker answer.
    const offFocus = analysis.answerType === 'phrase' && focus !== undefined && !focusPrior ? 0.8 : 1;
    const score = context * (0.82 + 0.18 * closeness) * (0.85 + 0.15 * span.prior) * restates * (0.9 + 0.1 * roleMatch) * offFocus;
    candidates.push({ scored, spans: [span], answer: span.text, score });
  }
  return candidates;
}

/** Whether the span directly follows the focus noun and a colon or dash: "an issue …: competent human resources". */
function afterFocusApposition(sentence: ScoredSentence['analysed'], span: Span, focus: string | undefined): boolean {
  if (!focus) return false;
  const before = sentence.tokens.slice(Math.max(0, span.from - 5), span.from);
  const gap = before.length ? sentence.text.slice(before[before.length - 1]!.end, span.start) : '';
  return before.some((t) => t.key === focus) && /^\s*[:—–]\s*$/.test(gap);
}

/**
 * How much of the question surrounds the span: each question term found in the sentence outside the span
 * counts with its weight (its share of the question, by idf), falling off with its distance from the span
 * in tokens (a term counts once, at its nearest occurrence). An answer sits where the question's words are.
 */
function alignment(span: Span, scored: ScoredSentence): number {
  const tokens = scored.analysed.tokens;
  const best = new Map<string, number>();
  scored.matched.forEach((m, i) => {
    const distance = m < span.from ? span.from - m : m >= span.to ? m - span.to + 1 : 0;
    if (distance === 0) return;
    const value = scored.matchedWeights[i]! / (1 + (distance - 1) / 4);
    const key = tokens[m]!.key;
    best.set(key, Math.max(best.get(key) ?? 0, value));
  });
  let sum = 0;
  for (const v of best.values()) sum += v;
  return Math.min(1, sum);
}

/**
 * 1 when the span sits right where the question's gap is: just after the sentence's match of the word
 * before the gap, or just before its match of the word after it (function words in between are free).
 */
/** How adjacent a span right after the asked-about noun counts ("running back DeAngelo Williams"). */
const FOCUS_APPOSITION = 1;

function gapAdjacency(span: Span, scored: ScoredSentence, gap: QuestionAnalysis['gap'], focus?: string): number {
  if (!gap) return 0;
  const tokens = scored.analysed.tokens;
  let best = 0;
  for (const m of scored.matched) {
    const key = tokens[m]!.key;
    // "Which running back…" → "running back DeAngelo Williams": a span right after the asked-about noun names it.
    if (focus !== undefined && key === focus && m === span.from - 1) best = Math.max(best, FOCUS_APPOSITION);
    if (key === gap.before && m < span.from) {
      let between = 0;
      for (let k = m + 1; k < span.from; k++) if (!tokens[k]!.stop) between++;
      best = Math.max(best, 1 / (1 + between / 2));
    }
    if (key === gap.after && m >= span.to) {
      let between = 0;
      for (let k = span.to; k < m; k++) if (!tokens[k]!.stop) between++;
      best = Math.max(best, 1 / (1 + between / 2));
    }
  }
  return best;
}

/** 1 when the span touches a matched question word, falling off with distance in tokens. */
function proximity(span: Span, matched: number[]): number {
  if (matched.length === 0) return 0;
  let distance = Infinity;
  for (const m of matched) distance = Math.min(distance, m < span.from ? span.from - m : m >= span.to ? m - span.to + 1 : 0);
  return 1 / (1 + Math.max(0, distance - 1) / 3);
}

function sameText(a: Span, b: Span | undefined): boolean {
  return !!b && a.text === b.text;
}
