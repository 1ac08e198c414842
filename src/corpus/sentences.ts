/**
 * Sentence splitting: Unicode sentence boundaries (UAX #29, via `Intl.Segmenter`), then two repairs
 * that news text needs and UAX #29 does not know about:
 *  - a boundary right after an abbreviation that is followed by a name or number (`Mr. Smith`,
 *    `Dr. Jones`, `No. 5`, `J. Smith`) is not a boundary;
 *  - a boundary inside an open quotation is not a boundary, so a quoted statement of several sentences
 *    stays with its attribution (`“… I believe …,” Agus said.`), unless the quote never closes.
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
  const raw: Array<{ start: number; end: number }> = [];
  for (const { segment, index } of segmenter.segment(text)) raw.push({ start: index, end: index + segment.length });

  const merged: Array<{ start: number; end: number }> = [];
  for (const piece of raw) {
    const previous = merged[merged.length - 1];
    if (previous && shouldJoin(text, previous, piece)) previous.end = piece.end;
    else merged.push({ ...piece });
  }
  // A quote that never closes would swallow the paragraph; fall back to the plain boundaries.
  const spans = merged.some((s) => quoteDepth(text.slice(s.start, s.end)) > 0) ? raw : merged;
  return spans.map(trimSpan(text)).filter((s) => s.text.length > 0);
}

function shouldJoin(text: string, previous: { start: number; end: number }, next: { start: number; end: number }): boolean {
  const before = text.slice(previous.start, previous.end).trimEnd();
  const after = text.slice(next.start, next.end).trimStart();
  if (!after) return true;
  if (endsWithAbbreviation(before, after)) return true;
  // Inside an open quotation, and the quote closes later in this paragraph: keep it together.
  if (quoteDepth(before) > 0 && closesLater(text, previous.end)) return true;
  return false;
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
