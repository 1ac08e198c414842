/**
 * The official SQuAD v1.1 answer metric (Rajpurkar et al. 2016), re-implemented exactly: lowercase,
 * remove ASCII punctuation, replace the words a/an/the with a space, collapse whitespace; exact match
 * and token-level F1, each the maximum over the gold answers.
 */

/** Python's string.punctuation: the 32 ASCII punctuation characters. */
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;

/** The normalised answer's words: lowercased, without ASCII punctuation or the words a/an/the. */
export function answerTokens(text: string): string[] {
  const noPunct = text.toLowerCase().replace(PUNCTUATION, '');
  // Python's \b is Unicode-aware (word characters are letters, digits and _), so match that.
  const noArticles = noPunct.replace(ARTICLES, ' ');
  // Python's str.split() with no argument splits on runs of whitespace and drops empty strings.
  return noArticles.match(/\S+/g) ?? [];
}

export function normalizeAnswer(text: string): string {
  return answerTokens(text).join(' ');
}

export function exactMatch(prediction: string, truth: string): number {
  return normalizeAnswer(prediction) === normalizeAnswer(truth) ? 1 : 0;
}

export function f1Score(prediction: string, truth: string): number {
  const gold = answerTokens(truth);
  return tokenF1(answerTokens(prediction), tokenCounts(gold), gold.length);
}

/** How often each token occurs (the gold side of `tokenF1`, counted once when it is compared often). */
export function tokenCounts(tokens: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

/** The official F1 of normalised predicted tokens against the gold tokens' counts (multiset overlap). */
export function tokenF1(predicted: string[], goldCounts: ReadonlyMap<string, number>, goldLength: number): number {
  const left = new Map(goldCounts);
  let same = 0;
  for (const token of predicted) {
    const n = left.get(token) ?? 0;
    if (n > 0) {
      same++;
      left.set(token, n - 1);
    }
  }
  if (same === 0) return 0;
  const precision = same / predicted.length;
  const recall = same / goldLength;
  return (2 * precision * recall) / (precision + recall);
}

/** The best score of a prediction over all gold answers, as the official script does. */
export function bestOver(metric: (p: string, t: string) => number, prediction: string, truths: string[]): number {
  return truths.reduce((best, truth) => Math.max(best, metric(prediction, truth)), 0);
}

/** Whether a passage holds a gold answer, compared after SQuAD normalisation on whole words. */
export function holdsAnswer(passage: string, answers: string[]): boolean {
  return paddedHolds(paddedPassage(passage), answers.map(normalizeAnswer));
}

/** A passage normalised once and padded with a space each side, for `paddedHolds`. */
export function paddedPassage(passage: string): string {
  return ` ${normalizeAnswer(passage)} `;
}

/** `holdsAnswer` for a passage and answers normalised already: for asking many passages about one question. */
export function paddedHolds(padded: string, normalizedAnswers: string[]): boolean {
  return normalizedAnswers.some((gold) => gold.length > 0 && padded.includes(` ${gold} `));
}
