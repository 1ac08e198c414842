/**
 * Sentence splitting: Unicode sentence boundaries (UAX #29, via `Intl.Segmenter`), then two repairs
 * that news text needs and UAX #29 does not know about:
 *  - a boundary right after an abbreviation that is followed by a name or number (`Mr. Smith`,
 *    `Dr. Jones`, `No. 5`, `J. Smith`) is not a boundary;
 *  - a quotation that runs over several sentences stays a sentence of its own as well: each of its
 *    sentences is one (the answers and the words that match a question sit in one of them, as in the
 *    encyclopaedia text the answer model learned from), and the whole quotation with its attribution
 *    (`“… I believe …,” Agus said.`) is a statement (`splitStatements`), unless the quote never closes.
 * Numbers (`1,000`, `2.4`, `06/21`) and dateline dashes are already handled by UAX #29.
 */

export interface SentenceSpan {
  start: number;
  end: number;
  text: string;
}

/** Abbreviations that are almost never the end of a sentence when a capitalised word or digit follows. */
const TITLE_ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'sr', 'jr', 'st', 'mt', 'ft', 'gen', 'gov', 'sen', 'rep', 'rev', 'hon',
  'lt', 'col', 'capt', 'cmdr', 'sgt', 'maj', 'adm', 'pres', 'supt', 'no', 'nos', 'vol', 'fig', 'pp', 'p', 'art',
  'sec', 'ch', 'dept', 'est', 'approx', 'vs', 'v', 'etc', 'e.g', 'i.e', 'cf', 'al', 'jan', 'feb', 'mar', 'apr',
  'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'inc', 'corp', 'co', 'ltd', 'bros',
]);

/** Abbreviations that may well end a sentence, so we only join when a digit follows (`No. 5`, `Vol. 2`). */
const NUMBER_ONLY = new Set(['no', 'nos', 'vol', 'fig', 'pp', 'p', 'art', 'sec', 'ch', 'inc', 'corp', 'co', 'ltd', 'etc']);

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Splits `text` into sentences with offsets into `text`; whitespace around sentences is excluded. */
export function splitSentences(text: string): SentenceSpan[] {
  return joined(text, rawSentences(text), endsWithAbbreviation).map(trimSpan(text)).filter((s) => s.text.length > 0);
}

/** A statement (see `splitStatements`) and the 1-based numbers of the first and last sentence it runs over. */
export interface StatementSpan extends SentenceSpan {
  first: number;
  last: number;
}

/**
 * The quotations of `text` that run over more than one of its sentences (`splitSentences`), each from its
 * first sentence to the one where it closes (with the attribution there: `“… 1,000 people. I believe …,”
 * Agus said.`): what someone said, as one span. None when a quote never closes.
 */
export function splitStatements(text: string, sentences: SentenceSpan[] = splitSentences(text)): StatementSpan[] {
  const groups: Array<{ first: number; last: number }> = [];
  sentences.forEach((_, i) => {
    const open = groups[groups.length - 1];
    const inQuote = open && quoteDepth(text.slice(sentences[open.first - 1]!.start, sentences[open.last - 1]!.end)) > 0;
    // Inside an open quotation, and the quote closes later in this text: one statement.
    if (inQuote && closesLater(text, sentences[open.last - 1]!.end)) open.last = i + 1;
    else groups.push({ first: i + 1, last: i + 1 });
  });
  const spans = groups.map(({ first, last }) => {
    const start = sentences[first - 1]!.start;
    const end = sentences[last - 1]!.end;
    return { start, end, text: text.slice(start, end), first, last };
  });
  if (spans.some((s) => quoteDepth(s.text) > 0)) return [];
  return spans.filter((s) => s.last > s.first);
}

type Range = { start: number; end: number };

function rawSentences(text: string): Range[] {
  const raw: Range[] = [];
  for (const { segment, index } of segmenter.segment(text)) raw.push({ start: index, end: index + segment.length });
  return raw;
}

/** Consecutive pieces joined wherever `join` says the boundary between them is none (an empty piece always joins). */
function joined(text: string, pieces: Range[], join: (before: string, after: string) => boolean): Range[] {
  const merged: Range[] = [];
  for (const piece of pieces) {
    const previous = merged[merged.length - 1];
    const before = previous ? text.slice(previous.start, previous.end).trimEnd() : '';
    const after = text.slice(piece.start, piece.end).trimStart();
    if (previous && (!after || join(before, after))) previous.end = piece.end;
    else merged.push({ ...piece });
  }
  return merged;
}

function endsWithAbbreviation(before: string, after: string): boolean {
  const lastWord = /(?:^|[\s(“"'‘])([A-Za-z](?:[A-Za-z.]*[A-Za-z])?)\.$/.exec(before);
  if (!lastWord) return false;
  const word = lastWord[1]!;
  const lower = word.toLowerCase();
  const nextIsDigit = /^\d/.test(after);
  const nextIsCapital = /^[A-Z]/.test(after);
  if (NUMBER_ONLY.has(lower)) return nextIsDigit;
  if (TITLE_ABBREVIATIONS.has(lower)) return nextIsDigit || nextIsCapital;
  // A single capital initial before a capitalised word: `John F. Kennedy`, `J. R. R. Tolkien`.
  if (/^[A-Z]$/.test(word)) return nextIsCapital;
  return false;
}

/**
 * How many quotations are open at the end of `s`. Double quotes count by kind (“ ”) or by parity ("); a
 * single ’ is usually an apostrophe (companies’, Japan’s), so it only closes a ‘ that is open.
 */
function quoteDepth(s: string): number {
  let double = 0;
  let single = 0;
  let straight = 0;
  for (const ch of s) {
    if (ch === '“' || ch === '«') double++;
    else if (ch === '”' || ch === '»') double = Math.max(0, double - 1);
    else if (ch === '‘') single++;
    else if (ch === '’' && single > 0) single--;
    else if (ch === '"') straight++;
  }
  return double + single + (straight % 2);
}

function closesLater(text: string, from: number): boolean {
  return /[”"»]/.test(text.slice(from));
}

function trimSpan(text: string) {
  return ({ start, end }: { start: number; end: number }): SentenceSpan => {
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    return { start, end, text: text.slice(start, end) };
  };
}
