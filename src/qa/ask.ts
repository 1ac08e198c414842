import type { Scope } from '../corpus/scope.js';
import type { Paragraph } from '../corpus/types.js';
import type { SearchIndex } from '../index/buildIndex.js';
import { termStatsIn } from '../index/scopeStats.js';
import { idf } from '../index/termStats.js';
import { analyzeQuestion, type QuestionAnalysis } from './analyzeQuestion.js';
import { questionContext, type FamilySet } from './features.js';
import { calibrate, confidenceInputs, defaultModel, scoreFeatures, type AnswerModel, type WinnerStanding } from './model.js';
import { questionCandidates, type Candidate, type Scoring } from './questionCandidates.js';
import { relatedTerms } from './related.js';
import { retrieveSentences, type ScoredSentence } from './retrieve.js';
import type { Answer, Citation, Highlight } from './types.js';

export interface AskOptions {
  /** Only look in this article. */
  articleId?: string | undefined;
  /** Who is asking: the library plus this server's own articles (default: the library alone). */
  scope?: Scope | undefined;
  /** How many passages to cite with an answer (1..3). */
  maxCitations?: number;
  /** The answer model (default: the committed one, data/model/answer-model.json). */
  model?: AnswerModel;
}

/** A passage is "close" enough to show, when there is no answer, if it covers this share of the question. */
const RELATED_COVERAGE = 0.3;
const MORE_LIMIT = 6;

/** A question's candidates as the bot finds them: the path both answering and training take. */
export interface QuestionCandidates {
  analysis: QuestionAnalysis;
  sentences: ScoredSentence[];
  candidates: Candidate[];
  /** Share of the question's idf-weighted words that occur anywhere in the searched articles. */
  questionInArticles: number;
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
  return { analysis, sentences, candidates, questionInArticles: presentShare(index, analysis, options.scope) };
}

/** The idf-weighted share of the question's words that the scope's articles contain at all. */
function presentShare(index: SearchIndex, analysis: QuestionAnalysis, scope: Scope | undefined): number {
  const stats = termStatsIn(index, scope);
  let present = 0;
  let total = 0;
  for (const term of analysis.terms) {
    const weight = term.weight * idf(stats, term.key);
    total += weight;
    if (stats.df(term.key) > 0) present += weight;
  }
  return total > 0 ? present / total : 0;
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
  let partition = 0;
  for (const l of logits) partition += Math.exp(l - top);
  const winner = candidates[best]!;
  const scored = winner.sentence.scored;
  const standing: WinnerStanding = {
    logit: top, runnerUp, probability: 1 / partition, candidates: candidates.length,
    sentenceCoverage: scored.sentenceCoverage, paragraphCoverage: scored.paragraphCoverage,
    sentenceRank: winner.sentence.sentenceRank, answerType: found.analysis.answerType,
    questionInArticles: found.questionInArticles, bestSentenceCoverage: found.sentences.reduce((m, s) => Math.max(m, s.sentenceCoverage), 0),
  };
  return { best: winner, standing, confidence: calibrate(model.calibration, confidenceInputs(standing)) };
}

/**
 * Answers a question from the index: the expected answer type and the question's words, candidate
 * sentences, every candidate span of the best of them, the trained model's choice among those spans and
 * its calibrated confidence. The answer is always verbatim text of the cited passage (for a relation, two
 * spans joined by the verb). Synchronous and side-effect free.
 *
 * @example
 * const answer = ask(index, 'Who met whom?');
 * answer.answer; // "Agus Gumiwang Kartasasmita met Ken Saito"
 */
export function ask(index: SearchIndex, question: string, options: AskOptions = {}): Answer {
  const model = options.model ?? defaultModel();
  const maxCitations = Math.min(3, Math.max(1, options.maxCitations ?? 3));
  const found = findCandidates(index, question, model.readSentences, { articleId: options.articleId, scope: options.scope, families: model.families, scoring: model });
  const { analysis } = found;
  const choice = choose(model, found);
  const confidence = choice?.confidence ?? 0;
  const paragraphs = rankParagraphs(found.sentences);

  if (!choice || confidence < model.abstainBelow) {
    const related = paragraphs.filter((p) => p.coverage >= RELATED_COVERAGE);
    return {
      question: analysis.text,
      answer: null,
      answerType: analysis.answerType,
      confidence: round(confidence),
      modelVersion: model.version,
      citations: related.slice(0, 3).map((p) => cite(index, p.paragraph, p.score, [], p.sentenceId)),
      more: related.slice(3, 3 + MORE_LIMIT).map((p) => cite(index, p.paragraph, p.score, [], p.sentenceId)),
    };
  }

  const { best } = choice;
  const answerParagraph = best.sentence.scored.paragraph;
  const offset = best.sentence.scored.sentence.start;
  const first = cite(index, answerParagraph, best.sentence.scored.score, best.spans.map((s) => ({ start: offset + s.start, end: offset + s.end })), best.sentence.scored.sentence.id);
  const others = paragraphs
    .filter((p) => p.paragraph.id !== answerParagraph.id && p.coverage >= RELATED_COVERAGE)
    .map((p) => cite(index, p.paragraph, p.score, highlightsOf(p.paragraph, best.spans.map((s) => s.text)), p.sentenceId));
  // Supporting passages: those that repeat the answer first, then the closest others.
  others.sort((a, b) => b.highlights.length - a.highlights.length || b.score - a.score);
  return {
    question: analysis.text,
    answer: best.answer,
    answerType: analysis.answerType,
    confidence: round(confidence),
    modelVersion: model.version,
    citations: [first, ...others.slice(0, maxCitations - 1)],
    more: others.slice(maxCitations - 1, maxCitations - 1 + MORE_LIMIT),
  };
}

interface RankedParagraph {
  paragraph: Paragraph;
  score: number;
  coverage: number;
  sentenceId: string;
}

/** Paragraphs in order of their best sentence. */
function rankParagraphs(sentences: ScoredSentence[]): RankedParagraph[] {
  const byId = new Map<string, RankedParagraph>();
  for (const s of sentences) {
    if (!byId.has(s.paragraph.id)) byId.set(s.paragraph.id, { paragraph: s.paragraph, score: s.score, coverage: Math.max(s.sentenceCoverage, s.paragraphCoverage * 0.8), sentenceId: s.sentence.id });
  }
  return [...byId.values()];
}

function highlightsOf(paragraph: Paragraph, texts: string[]): Highlight[] {
  const highlights: Highlight[] = [];
  for (const text of texts) {
    if (text.length < 2) continue;
    let at = paragraph.text.indexOf(text);
    while (at >= 0) {
      highlights.push({ start: at, end: at + text.length });
      at = paragraph.text.indexOf(text, at + text.length);
    }
  }
  return highlights.sort((a, b) => a.start - b.start);
}

/** Builds the citation for a paragraph. */
export function cite(index: SearchIndex, paragraph: Paragraph, score: number, highlights: Highlight[], sentenceId?: string): Citation {
  const article = index.corpus.articleById.get(paragraph.articleId);
  return {
    id: paragraph.id,
    articleId: paragraph.articleId,
    articleTitle: article?.title ?? paragraph.articleId,
    paragraph: paragraph.number,
    text: paragraph.text,
    sentenceId,
    source: article?.source,
    url: article?.url,
    highlights,
    score: round(score),
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
