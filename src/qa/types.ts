/**
 * What a question expects as its answer. `relation` is "who VERB whom": both sides of the relation,
 * joined by the verb ("Agus Gumiwang Kartasasmita met Ken Saito").
 */
export type AnswerType =
  | 'person'
  | 'relation'
  | 'place'
  | 'date'
  | 'number'
  | 'ratio'
  | 'percentage'
  | 'statement'
  | 'reason'
  | 'phrase';

/** A character range inside a citation's `text`, marking (part of) the short answer. */
export interface Highlight {
  start: number;
  end: number;
}

/** A cited passage: one paragraph of one article, with where the answer sits in it. */
export interface Citation {
  /** Paragraph id, e.g. `indonesia-japan-automotive#p3`. */
  id: string;
  articleId: string;
  articleTitle: string;
  /** 1-based paragraph number in the article. */
  paragraph: number;
  /** The paragraph's full text, verbatim. */
  text: string;
  /** Id of the sentence that holds the answer (or matched best), e.g. `…#p3.s2`. */
  sentenceId?: string | undefined;
  source?: string | undefined;
  url?: string | undefined;
  /** Ranges of `text` to show in bold; empty when the passage is shown as context only. */
  highlights: Highlight[];
  /** Retrieval score, for ordering only (not comparable across questions). */
  score: number;
}

/** The bot's answer to one question. */
export interface Answer {
  question: string;
  /** A verbatim span of a cited passage (or two spans joined by the relation verb), or null: the article does not say. */
  answer: string | null;
  answerType: AnswerType;
  /** 0..1; below the abstention threshold the answer is null. */
  confidence: number;
  /**
   * With an answer: 1 to 3 passages, the first holding the answer. Without: the closest passages, if any
   * are relevant at all (possibly none).
   */
  citations: Citation[];
  /** Further relevant passages beyond `citations`, for a "More sources" view. */
  more: Citation[];
  /** The answer model that chose (its version string from the model file). */
  modelVersion?: string;
}
