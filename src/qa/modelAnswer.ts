import type { Scope } from '../corpus/scope.js';
import type { SearchIndex } from '../index/buildIndex.js';
import { termStatsIn } from '../index/scopeStats.js';
import { idf } from '../index/termStats.js';
import { analyzeQuestion, type QuestionAnalysis } from './analyzeQuestion.js';
import { questionContext, type FamilySet } from './features.js';
import { calibrate, confidenceInputs, defaultModel, scoreFeatures, type AnswerModel, type WinnerStanding } from './model.js';
import { questionCandidates, type Candidate, type Scoring } from './questionCandidates.js';
import { relatedTerms } from './related.js';
import { retrieveSentences, type ScoredSentence } from './retrieve.js';
import { composeAnswer } from './compose.js';
import type { Answer } from './types.js';


/** A question's candidates as the bot finds them: the path both answering and training take. */
export interface QuestionCandidates {
  analysis: QuestionAnalysis;
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
  const candidates = questionCandidates(questionContext(analysis), sentences, read, options.families, options.scoring);
  return { analysis, sentences, candidates, ...presence(index, analysis, options.scope) };
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

/** Scores every candidate, takes the best, and calibrates the probability that it is right. */
export function choose(model: AnswerModel, found: QuestionCandidates): Choice | undefined {
  const { candidates } = found;
  if (candidates.length === 0) return undefined;
  let best = 0;
  let top = -Infinity;
  let runnerUp = -Infinity;
  const logits = candidates.map((c) => c.logit ?? scoreFeatures(model, c.features!));
  logits.forEach((l, i) => {
    if (l > top) {
      runnerUp = top;
      top = l;
      best = i;
    } else if (l > runnerUp) runnerUp = l;
  });
  const winner = candidates[best]!;
  let partition = 0;
  let agreeing = 0;
  logits.forEach((l, i) => {
    const e = Math.exp(l - top);
    partition += e;
    if (candidates[i]!.answer === winner.answer) agreeing += e;
  });
  const scored = winner.sentence.scored;
  const standing: WinnerStanding = {
    logit: top, runnerUp, probability: 1 / partition, candidates: candidates.length,
    sentenceCoverage: scored.sentenceCoverage, paragraphCoverage: scored.paragraphCoverage,
    sentenceRank: winner.sentence.sentenceRank, answerType: found.analysis.answerType,
    questionInArticles: found.questionInArticles, bestSentenceCoverage: found.sentences.reduce((m, s) => Math.max(m, s.sentenceCoverage), 0),
    largestMissingWord: found.largestMissingWord, answerAgreement: agreeing / partition,
  };
  return { best: winner, standing, confidence: calibrate(model.calibration, confidenceInputs(standing)) };
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
