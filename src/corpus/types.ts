/** The optional and required facts an article's front matter may state. */
export interface ArticleMeta {
  title: string;
  source?: string | undefined;
  url?: string | undefined;
  published?: string | undefined;
  language?: string | undefined;
}

/** One sentence of a paragraph; `start`/`end` are offsets into the paragraph's text. */
export interface Sentence {
  /** Stable id, e.g. `indonesia-japan-automotive#p3.s2`. */
  id: string;
  /** 1-based position in its paragraph. */
  number: number;
  text: string;
  start: number;
  end: number;
  /** A statement only (see `Paragraph.statements`): the numbers of the first and last sentence it runs over. */
  covers?: { first: number; last: number } | undefined;
}

/** One paragraph: the unit we index, cite and show. */
export interface Paragraph {
  /** Stable id, e.g. `indonesia-japan-automotive#p3`. */
  id: string;
  articleId: string;
  /** 1-based paragraph number within the article (headings are not counted). */
  number: number;
  /** The section heading this paragraph sits under, if any. */
  heading?: string | undefined;
  text: string;
  /** Offsets of the paragraph in the article body (after front matter). */
  start: number;
  end: number;
  sentences: Sentence[];
  /**
   * Quotations that run over several of its sentences, each whole with its attribution (`“… I believe
   * …,” Agus said.`): what someone said, offered as one answer. Ids `…#p3.q1`.
   */
  statements: Sentence[];
}

export interface Article extends ArticleMeta {
  /** The file name without `.md`: stable, URL- and id-safe. */
  id: string;
  /** Absolute path of the file it was read from, when it came from disk. */
  file?: string | undefined;
  /** SHA-256 of the file's text, so a watcher can tell a changed file from the one that was loaded. */
  contentHash?: string | undefined;
  paragraphs: Paragraph[];
}

/** An article file that could not be loaded, and why (naming the file and the field). */
export interface ArticleError {
  file: string;
  message: string;
}

/** Every loaded article, with fast lookups by id. */
export interface Corpus {
  articles: Article[];
  articleById: Map<string, Article>;
  paragraphById: Map<string, Paragraph>;
  errors: ArticleError[];
}
