import type { Scope } from '../corpus/scope.js';
import type { SearchIndex } from '../index/buildIndex.js';
import { termStatsIn } from '../index/scopeStats.js';
import { idf } from '../index/termStats.js';
import { analyzeQuestion, type QuestionAnalysis } from './analyzeQuestion.js';
import { candidateFeatures, questionContext, type FamilySet, type QuestionContext } from './features.js';
import { pickWinner } from './pick.js';
import { rerankScores, stageOneFeatures } from './rerank.js';
import { calibrate, confidenceInputs, defaultModel, scoreFeatures, type AnswerModel, type WinnerStanding } from './model.js';
import { questionCandidates, type Candidate, type Scoring } from './questionCandidates.js';
import { relatedTerms } from './related.js';
import { retrieveSentences, type ScoredSentence } from './retrieve.js';
import { composeAnswer } from './compose.js';
import type { Answer } from './types.js';


/** A question's candidates as the bot finds them: the path both answering and training take. */
export interface QuestionCandidates {
  analysis: QuestionAnalysis;
  /** What every candidate's features read of the question. */
  question: QuestionContext;
  sentences: ScoredSentence[];
  candidates: Candidate[];
  /** Share of the question's idf-weighted words that occur anywhere in the searched articles. */
  questionInArticles: number;
  /** The largest share of the question's weight held by one word that the searched articles lack. */
  largestMissingWord: number;
}

/** Analyses the question, retrieves sentences and lists every candidate answer from the first `read` of them. */
export interface FindOptions {
  articleId?: string | undefined;
  scope?: Scope | undefined;
  families?: FamilySet | undefined;
  /** Score the candidates with this model as they are found (answering); without, list their features (training). */
  scoring?: Scoring | undefined;
}

export function findCandidates(index: SearchIndex, question: string, read: number, options: FindOptions = {}): QuestionCandidates {
  const analysis = analyzeQuestion(question);
  // Matching across paraphrase is a feature family: a model trained without it retrieves without it too.
  const related = !options.families || options.families.has('paraphrase') ? relatedTerms() : undefined;
  const sentences = analysis.terms.length ? retrieveSentences(index, analysis, { articleId: options.articleId, scope: options.scope, related }) : [];
  const context = questionContext(analysis);
  const candidates = questionCandidates(context, sentences, read, options.families, options.scoring);
  return { analysis, question: context, sentences, candidates, ...presence(index, analysis, options.scope) };
}

/**
 * The idf-weighted share of the question's words that the scope's articles contain at all, and the
 * largest share one missing word holds ("Toyota" in a question about an article that never names it).
 */
function presence(index: SearchIndex, analysis: QuestionAnalysis, scope: Scope | undefined): Pick<QuestionCandidates, 'questionInArticles' | 'largestMissingWord'> {
  const stats = termStatsIn(index, scope);
  let present = 0;
  let total = 0;
  let largestMissing = 0;
  for (const term of analysis.terms) {
    const weight = term.weight * idf(stats, term.key);
    total += weight;
    if (stats.df(term.key) > 0) present += weight;
    else largestMissing = Math.max(largestMissing, weight);
  }
  return total > 0 ? { questionInArticles: present / total, largestMissingWord: largestMissing / total } : { questionInArticles: 0, largestMissingWord: 0 };
}

/** The model's choice among a question's candidates, with its calibrated confidence. */
export interface Choice {
  best: Candidate;
  standing: WinnerStanding;
  confidence: number;
}

/**
 * Scores every candidate, picks the winner (the best score, or as the model's decoding says; with a
 * reranker, among the ranker's best few as the trees score them), and calibrates the probability that it
 * is right.
 */
export function choose(model: AnswerModel, found: QuestionCandidates): Choice | undefined {
  const { candidates } = found;
  if (candidates.length === 0) return undefined;
  const logits = candidates.map((c) => c.logit ?? scoreFeatures(model, c.features!));
  const ranked = model.reranker ? rerank(model, found, logits) : logits.map((score, i) => ({ i, score }));
  const scores = ranked.map((r) => r.score);
  const w = pickWinner(ranked.map((r) => candidates[r.i]!.answer), scores, model.decoding);
  const winner = candidates[ranked[w]!.i]!;
  let top = -Infinity;
  let runnerUp = -Infinity;
  for (const [k, score] of scores.entries()) {
    top = Math.max(top, score);
    if (k !== w) runnerUp = Math.max(runnerUp, score);
  }
  let partition = 0;
  let agreeing = 0;
  for (const [k, score] of scores.entries()) {
    const e = Math.exp(score - top);
    partition += e;
    if (candidates[ranked[k]!.i]!.answer === winner.answer) agreeing += e;
  }
  const scored = winner.sentence.scored;
  const standing: WinnerStanding = {
    logit: scores[w]!, runnerUp, probability: Math.exp(scores[w]! - top) / partition, candidates: candidates.length,
    sentenceCoverage: scored.sentenceCoverage, paragraphCoverage: scored.paragraphCoverage,
    sentenceRank: winner.sentence.sentenceRank, answerType: found.analysis.answerType,
    questionInArticles: found.questionInArticles, bestSentenceCoverage: found.sentences.reduce((m, s) => Math.max(m, s.sentenceCoverage), 0),
    largestMissingWord: found.largestMissingWord, answerAgreement: agreeing / partition, kinds: winner.span.kinds,
  };
  return { best: winner, standing, confidence: calibrate(model.calibration, confidenceInputs(standing)) };
}

/**
 * The ranker's best `keep` candidates (in its order, ties to the earlier one, as in training), each scored
 * by the reranker's trees on its features and the ranker's standing of it.
 */
function rerank(model: AnswerModel, found: QuestionCandidates, logits: number[]): Array<{ i: number; score: number }> {
  const reranker = model.reranker!;
  const order = logits.map((_, i) => i).sort((a, b) => logits[b]! - logits[a]! || a - b).slice(0, reranker.keep);
  const top = logits[order[0]!]!;
  let partition = 0;
  for (const l of logits) partition += Math.exp(l - top);
  const lists = order.map((i, rank) => {
    const c = found.candidates[i]!;
    const features = candidateFeatures(found.question, c.sentence, c.span, c.atoms, model.families);
    const extra = stageOneFeatures(logits[i]!, top, rank, Math.exp(logits[i]! - top) / partition);
    return {
      index: [...features.hashes.map((h) => h & model.mask), ...extra.map(([b]) => b)],
      value: [...features.values, ...extra.map(([, v]) => v)],
    };
  });
  const scores = rerankScores(reranker, lists);
  return order.map((i, k) => ({ i, score: scores[k]! }));
}

/**
 * The trained model's answer: the expected answer type and the question's words, candidate sentences,
 * every candidate span of the best of them, the model's choice among those spans and its calibrated
 * confidence. The answer is always verbatim text of the cited passage (for a relation, two spans joined
 * by the verb). Synchronous and side-effect free.
 */
export function askByModel(
  index: SearchIndex, question: string,
  options: { articleId?: string | undefined; scope?: Scope | undefined; maxCitations?: number | undefined; model?: AnswerModel | undefined } = {},
): Answer {
  const model = options.model ?? defaultModel();
  const found = findCandidates(index, question, model.readSentences, { articleId: options.articleId, scope: options.scope, families: model.families, scoring: model });
  const choice = choose(model, found);
  const best = choice?.best;
  return composeAnswer(index, {
    analysis: found.analysis, sentences: found.sentences,
    pick: best && { scored: best.sentence.scored, spans: best.spans, answer: best.answer },
    confidence: choice?.confidence ?? 0, declineBelow: model.abstainBelow, maxCitations: options.maxCitations ?? 3, modelVersion: model.version,
  });
}
