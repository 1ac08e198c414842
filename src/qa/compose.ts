import type { Paragraph } from '../corpus/types.js';
import type { SearchIndex } from '../index/buildIndex.js';
import type { QuestionAnalysis } from './analyzeQuestion.js';
import type { Span } from './candidates.js';
import type { ScoredSentence } from './retrieve.js';
import type { Answer, Citation, Highlight } from './types.js';

/**
 * Turning a chosen span (or none) into the Answer a person sees: the same for every answerer, so that
 * what is cited, quoted and bolded never depends on how the span was chosen.
 */

/** A passage is "close" enough to show, when there is no answer, if it covers this share of the question. */
const RELATED_COVERAGE = 0.3;
const MORE_LIMIT = 6;

/** What an answerer picked: the span(s) of one retrieved sentence, and the short answer they make. */
export interface Pick {
  scored: ScoredSentence;
  spans: Span[];
  answer: string;
}

export interface Composition {
  analysis: QuestionAnalysis;
  sentences: ScoredSentence[];
  pick: Pick | undefined;
  confidence: number;
  /** Below this confidence the bot declines and shows the closest passages. */
  declineBelow: number;
  maxCitations: number;
  modelVersion: string;
}

/**
 * The answer: with a pick at or above the threshold, its span as the short answer, its paragraph first
 * with the span in bold, then the closest other passages (those repeating the answer first); otherwise
 * `answer: null` with the closest passages.
 */
export function composeAnswer(index: SearchIndex, c: Composition): Answer {
  const paragraphs = rankParagraphs(c.sentences);
  const maxCitations = Math.min(3, Math.max(1, c.maxCitations));
  const base = { question: c.analysis.text, answerType: c.analysis.answerType, confidence: round(c.confidence), modelVersion: c.modelVersion };
  // Decided on the confidence as shown (and as the threshold was chosen on), so 0.032 shown is 0.032 judged.
  if (!c.pick || base.confidence < c.declineBelow) {
    const related = paragraphs.filter((p) => p.coverage >= RELATED_COVERAGE);
    return {
      ...base,
      answer: null,
      citations: related.slice(0, 3).map((p) => cite(index, p.paragraph, p.score, [], p.sentenceId)),
      more: related.slice(3, 3 + MORE_LIMIT).map((p) => cite(index, p.paragraph, p.score, [], p.sentenceId)),
    };
  }
  const { scored, spans, answer } = c.pick;
  const answerParagraph = scored.paragraph;
  const offset = scored.sentence.start;
  const first = cite(index, answerParagraph, scored.score, spans.map((s) => ({ start: offset + s.start, end: offset + s.end })), scored.sentence.id);
  const others = paragraphs
    .filter((p) => p.paragraph.id !== answerParagraph.id && p.coverage >= RELATED_COVERAGE)
    .map((p) => cite(index, p.paragraph, p.score, highlightsOf(p.paragraph, spans.map((s) => s.text)), p.sentenceId));
  // Supporting passages: those that repeat the answer first, then the closest others.
  others.sort((a, b) => b.highlights.length - a.highlights.length || b.score - a.score);
  return {
    ...base,
    answer,
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
