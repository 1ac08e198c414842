import { isCapitalised, keyedTokens, type KeyedToken } from './terms.js';
import { CLAUSE_OPENERS, MONTHS, NAME_CONNECTORS, NUMBER_WORDS, PRONOUNS, REPORTING_VERBS, ROLE_WORDS, WEEKDAYS } from './lexicon.js';
import { lexiconPos, tagAndName, type EntityTag, type Pos } from './tagger.js';
import type { AnswerType } from './types.js';

/** A possible short answer: a character range of one sentence, with the tokens it covers. */
export interface Span {
  start: number;
  end: number;
  text: string;
  /** Index of the first and one past the last token it covers. */
  from: number;
  to: number;
  /** How typical this span is of its type (a full date beats a bare year), 0..1. */
  prior: number;
  /** For a person found inside a longer chain: where the chain (with the role) starts. */
  chainFrom?: number;
}

export interface AnalysedSentence {
  text: string;
  tokens: KeyedToken[];
  /** Part-of-speech tags per token; computed on first use (tagging is the costly step). */
  readonly tags: Pos[];
  /** Entity tags per token (person, place, org, date…), from the same tagging. */
  readonly entities: EntityTag[];
}

export function analyseSentence(text: string): AnalysedSentence {
  const tokens = keyedTokens(text);
  let tagged: { tags: Pos[]; entities: EntityTag[] } | undefined;
  return {
    text,
    tokens,
    get tags() {
      return (tagged ??= tagAndName(text, tokens)).tags;
    },
    get entities() {
      return (tagged ??= tagAndName(text, tokens)).entities;
    },
  };
}

const MONTH_RE = `(?:${MONTHS.map((m) => m[0]!.toUpperCase() + m.slice(1)).join('|')})\\.?`;
const WEEKDAY_RE = `(?:${WEEKDAYS.map((d) => d[0]!.toUpperCase() + d.slice(1)).join('|')})`;
const DATE_PATTERNS: Array<[RegExp, number]> = [
  [new RegExp(`\\b(?:${WEEKDAY_RE},?\\s+)?${MONTH_RE}\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?\\b`, 'g'), 1],
  [new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_RE}(?:,?\\s+\\d{4})?\\b`, 'g'), 1],
  [new RegExp(`\\b(?:(?:early|mid|late)[- ])?${MONTH_RE}(?:\\s+(?:of\\s+)?\\d{4})?\\b`, 'g'), 0.8],
  [/\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b/g, 0.9],
  [/\b\d{4}-\d{2}-\d{2}\b/g, 1],
  [new RegExp(`\\b${WEEKDAY_RE}\\b`, 'g'), 0.7],
  [/\b(?:(?:early|mid|late)[- ])?(?:1[0-9]|20)\d{2}s?\b/g, 0.8],
  [/\b(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first)\s+century\b/gi, 0.9],
  [/\b(?:yesterday|today|tomorrow|tonight|last\s+(?:week|month|year|night)|next\s+(?:week|month|year)|this\s+(?:week|month|year))\b/gi, 0.6],
  [/\b(?:spring|summer|autumn|fall|winter)\s+(?:of\s+)?\d{4}\b/gi, 0.9],
  [/\b\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am|pm)\b/gi, 0.8],
];

const NUMBER = `(?:[$€£¥]\\s?)?(?:\\d+(?:[.,]\\d+)*|(?:${[...NUMBER_WORDS].join('|')})(?:[- ](?:${[...NUMBER_WORDS].join('|')}))*)`;
const SCALE = '(?:\\s+(?:hundred|thousand|million|billion|trillion))?';
const UNIT = "(?:\\s+(?!per\\b|and\\b|or\\b|in\\b|of\\b|the\\b|to\\b)[a-z][a-z-]*){0,2}";
/** "How many": the count alone, with its scale ("5", "1.2 million", "nine"), and ranges ("five to ten"). */
const COUNT_RE = new RegExp(`(?:\\b|(?=[$€£¥]))${NUMBER}${SCALE}(?:\\s+(?:to|and|or)\\s+${NUMBER}${SCALE})?(?![\\p{L}\\p{N}])`, 'giu');
const RATIO_RE = new RegExp(`\\b${NUMBER}${SCALE}(?:\\s+[a-z][a-z-]*){0,2}\\s+(?:per|for\\s+every|out\\s+of|in\\s+every)\\s+${NUMBER}${SCALE}(?:\\s+[a-z][a-z-]*)?`, 'gi');
const RATIO_COLON_RE = /\b\d+(?:\.\d+)?\s*:\s*\d+(?:\.\d+)?\b/g;
const PERCENT_RE = new RegExp(`(?:\\b|(?=[$€£¥]))${NUMBER}(?:\\s*%|\\s+(?:percent|per\\s+cent|percentage\\s+points?))`, 'gi');
/** A number joined to its unit by a hyphen is one quantity ("a 20-minute demo", "a 41-yard line"). */
const QUANTITY_RE = new RegExp(`(?:\\b|(?=[$€£¥]))${NUMBER}${SCALE}(?:-[a-z]+(?![\\w-])|${UNIT})`, 'gi');

/** All matches of the given patterns, as spans; overlapping matches keep the longest. */
function regexSpans(sentence: AnalysedSentence, patterns: Array<[RegExp, number]>): Span[] {
  const spans: Span[] = [];
  for (const [pattern, prior] of patterns) {
    for (const match of sentence.text.matchAll(pattern)) {
      const text = match[0].trim();
      if (!text) continue;
      const start = match.index! + match[0].indexOf(text);
      spans.push(toSpan(sentence, start, start + text.length, prior));
    }
  }
  return dropOverlaps(spans);
}

function toSpan(sentence: AnalysedSentence, start: number, end: number, prior: number): Span {
  const from = sentence.tokens.findIndex((t) => t.end > start);
  let to = sentence.tokens.findIndex((t) => t.start >= end);
  if (to < 0) to = sentence.tokens.length;
  return { start, end, text: sentence.text.slice(start, end), from: Math.max(0, from), to, prior };
}

function dropOverlaps(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => b.end - b.start - (a.end - a.start) || b.prior - a.prior);
  const kept: Span[] = [];
  for (const span of sorted) if (!kept.some((k) => span.start < k.end && k.start < span.end)) kept.push(span);
  return kept.sort((a, b) => a.start - b.start);
}

export function dateSpans(sentence: AnalysedSentence): Span[] {
  const spans = regexSpans(sentence, DATE_PATTERNS);
  // "between 1835 and 1842", "from November 2006 to May 2008", "1964 and 1968": a range is one answer.
  const ranges: Span[] = [];
  for (let i = 0; i + 1 < spans.length; i++) {
    const a = spans[i]!;
    const b = spans[i + 1]!;
    if (!/^\s*(?:and|to|until|or|[-–—])\s*$/.test(sentence.text.slice(a.end, b.start))) continue;
    const lead = /\b(?:between|from)\s+$/i.exec(sentence.text.slice(0, a.start));
    const start = lead ? lead.index : a.start;
    ranges.push(toSpan(sentence, start, b.end, 1));
  }
  return [...spans, ...ranges];
}

export function numberSpans(sentence: AnalysedSentence, type: 'number' | 'ratio' | 'percentage', count = false): Span[] {
  const ratio: Array<[RegExp, number]> = [[RATIO_RE, 1], [RATIO_COLON_RE, 0.9]];
  const percent: Array<[RegExp, number]> = [[PERCENT_RE, 1]];
  const dates = dateSpans(sentence);
  const spans =
    type === 'ratio' ? regexSpans(sentence, [...ratio, ...percent.map(([r]) => [r, 0.6] as [RegExp, number])])
    : type === 'percentage' ? regexSpans(sentence, percent)
    : count ? regexSpans(sentence, [...percent.map(([r]) => [r, 0.8] as [RegExp, number]), [COUNT_RE, 1]])
    : regexSpans(sentence, [...ratio.map(([r]) => [r, 0.8] as [RegExp, number]), ...percent.map(([r]) => [r, 0.8] as [RegExp, number]), [QUANTITY_RE, 1]]);
  // A year or day is a date, not a quantity.
  return spans
    .filter((s) => !dates.some((d) => s.start >= d.start && s.end <= d.end))
    .map((s) => trimTrailingStops(sentence, s));
}

/**
 * Capitalised name chains: "Agus Gumiwang Kartasasmita", "Bank of England", "Economy, Trade, and
 * Industry". Sentence-initial function words and pronouns are not names.
 */
export function nameSpans(sentence: AnalysedSentence, options: { tagged?: boolean } = {}): Span[] {
  const { tokens, text } = sentence;
  const spans: Span[] = [];
  // Untagged (for scanning whole articles cheaply), a capitalised first word counts as a name unless it is a function word.
  const tagged = options.tagged ?? true;
  let i = 0;
  while (i < tokens.length) {
    if (!isNameToken(tokens, i) || (tagged && opensSentence(sentence, i) && !startsName(sentence, i))) {
      i++;
      continue;
    }
    let j = i + 1;
    let hasOf = false;
    while (j < tokens.length) {
      const gap = text.slice(tokens[j - 1]!.end, tokens[j]!.start);
      if (isNameToken(tokens, j) && /^[ \t]*$/.test(gap)) j++;
      // "Tiffany & Co.", "AT&T".
      else if (/^ ?& ?$/.test(gap) && isNameToken(tokens, j)) j++;
      // "Ministry of Economy, Trade, and Industry": a list inside an of-complement is one name.
      else if (hasOf && /^, $/.test(gap) && isNameToken(tokens, j)) j++;
      else if (hasOf && /^,? $/.test(gap) && tokens[j]!.norm === 'and' && isNameToken(tokens, j + 1)) j += 2;
      // "Industry (METI) Ken Saito": an acronym in brackets does not end the chain.
      else if (gap === ' (' && /^[A-Z]{2,}$/.test(tokens[j]!.text) && text.slice(tokens[j]!.end, tokens[j]!.end + 2) === ') ' && isNameToken(tokens, j + 1)
        && tokens[j + 1]!.start === tokens[j]!.end + 2) j += 2;
      else if (NAME_CONNECTORS.has(tokens[j]!.norm) && !/^[A-Z]/.test(tokens[j]!.text) && /^ $/.test(gap) && isNameToken(tokens, j + 1)
        && /^ $/.test(text.slice(tokens[j]!.end, tokens[j + 1]!.start)) && tokens[j]!.norm !== 'and') {
        hasOf ||= tokens[j]!.norm === 'of';
        j += 2;
      }
      else break;
    }
    spans.push({ start: tokens[i]!.start, end: tokens[j - 1]!.end, text: text.slice(tokens[i]!.start, tokens[j - 1]!.end), from: i, to: j, prior: 1 });
    i = j;
  }
  return spans;
}

/**
 * Whether token i begins a sentence: the first token, or the first after a full stop or an opening quote.
 * A statement (a quotation of several sentences, read whole) holds several ("… 1,000 people. Therefore, I hope …").
 */
function opensSentence(sentence: AnalysedSentence, i: number): boolean {
  if (i === 0) return true;
  const gap = sentence.text.slice(sentence.tokens[i - 1]!.end, sentence.tokens[i]!.start);
  return /[.!?]["”’)]*\s+["“‘(]*$|["“]$/u.test(gap);
}

/**
 * Every sentence starts with a capital, so a first word that the tagger reads as an adverb, adjective or
 * function word is not a name ("Coincidentally, …", "Public schools …", "Therefore, …").
 */
function startsName(sentence: AnalysedSentence, i: number): boolean {
  const first = sentence.tokens[i];
  if (!first || /^[A-Z]{2,}/.test(first.text)) return true;
  // Inside the splitter's sentence the tagger sees a capital mid-text and calls it a name; ask the lexicon.
  const pos = i === 0 ? sentence.tags[0]! : lexiconPos(first.text);
  return !NOT_NAMES.has(pos);
}

const NOT_NAMES = new Set<Pos>(['adv', 'adj', 'det', 'prep', 'conj', 'pron']);

function isNameToken(tokens: KeyedToken[], i: number): boolean {
  const token = tokens[i];
  if (!token || !isCapitalised(token.text)) return /^[A-Z]{2,}\d*$/.test(token?.text ?? '');
  if (PRONOUNS.has(token.norm)) return false;
  // A capitalised function word opens a sentence ("The", "On"); it is not a name.
  if (token.stop || CLAUSE_OPENERS.has(token.norm)) return false;
  if (MONTHS.includes(token.norm) || WEEKDAYS.includes(token.norm)) return false;
  return true;
}

/**
 * The person inside a name chain: roles and their complements are dropped from the front
 * ("Indonesian Minister of Industry Agus Gumiwang Kartasasmita" → "Agus Gumiwang Kartasasmita").
 * Where the article also uses part of the chain alone (news names a person in full once, then by one
 * name), the person starts there. A chain that is only a role ("Minister of Economy"), or where no later
 * mention tells where the name starts, gives undefined. A chain with a role stripped is surely a
 * person (prior 1); a bare chain may as well be a place or an organisation (prior 0.7).
 */
export function personCore(sentence: AnalysedSentence, span: Span, mentioned: ReadonlySet<string>): Span | undefined {
  const { tokens } = sentence;
  let lastRole = -1;
  for (let k = span.from; k < span.to; k++) if (ROLE_WORDS.has(tokens[k]!.norm)) lastRole = k;
  if (lastRole < 0) return { ...span, prior: 0.7 };
  let start = lastRole + 1;
  if (tokens[start]?.norm === 'of') {
    // The role's complement ("of Industry") runs until a word that the article uses alone as a name.
    start++;
    let k = start;
    while (k < span.to && !mentioned.has(tokens[k]!.norm)) k++;
    start = k;
  }
  if (start >= span.to) return undefined;
  return { ...span, start: tokens[start]!.start, from: start, text: sentence.text.slice(tokens[start]!.start, span.end), prior: 1, chainFrom: span.from };
}

/** The people named in a sentence (see `personCore`). */
export function personSpans(sentence: AnalysedSentence, mentioned: ReadonlySet<string>): Span[] {
  return nameSpans(sentence).flatMap((s) => personCore(sentence, s, mentioned) ?? []);
}

/**
 * Groups named by a capitalised modifier and a common noun: "Japanese automotive companies",
 * "European Union officials". They answer "who" as often as names do.
 */
export function groupSpans(sentence: AnalysedSentence): Span[] {
  const { tokens, tags, text } = sentence;
  return baseNounPhrases(sentence)
    .map(([from, to]) => (tags[from] === 'det' ? [from + 1, to] : [from, to]) as [number, number])
    .filter(([from, to]) => to - from >= 2 && isCapitalised(tokens[from]!.text) && tags[to - 1] === 'noun' && /^\p{Ll}/u.test(tokens[to - 1]!.text))
    .map(([from, to]) => ({ start: tokens[from]!.start, end: tokens[to - 1]!.end, text: text.slice(tokens[from]!.start, tokens[to - 1]!.end), from, to, prior: 0.8 }));
}

/** Quoted speech: the words inside a pair of quotation marks, trailing comma dropped. */
export function quoteSpans(sentence: AnalysedSentence): Span[] {
  const spans: Span[] = [];
  for (const match of sentence.text.matchAll(/[“"]([^”"]{8,})[”"]/g)) {
    const inner = match[1]!.replace(/[,\s]+$/, '');
    const start = match.index! + 1;
    spans.push(toSpan(sentence, start, start + inner.length, 1));
  }
  return spans;
}

/** What follows a verb of saying ("acknowledged that X", "said X"): the reported clause. */
export function reportedSpans(sentence: AnalysedSentence, reportingVerbIndexes: number[]): Span[] {
  const spans: Span[] = [];
  for (const v of reportingVerbIndexes) {
    let from = v + 1;
    if (sentence.tokens[from]?.norm === 'that') from++;
    const first = sentence.tokens[from];
    if (!first) continue;
    const end = sentence.text.slice(first.start).search(/[.;!?]\s*$|[.;!?](?=\s)/);
    const stop = end < 0 ? sentence.text.length : first.start + end;
    if (stop - first.start > 8) spans.push(toSpan(sentence, first.start, stop, 0.8));
  }
  return spans;
}

const REASON_MARKERS: Array<[RegExp, number]> = [
  [/\b(?:because(?: of)?|due to|owing to|as a result of|so that|in order to)\s/gi, 1],
  [/\bsince\s/gi, 0.6],
  [/\bto\s+(?=[a-z])/g, 0.7],
  [/\bfor\s/gi, 0.5],
];

/**
 * Reasons: a clause opened by "because", "due to", "so that", "in order to", "to", "for"… running to the
 * next break. Every marker starts a candidate, so "to meet again … to discuss X" also offers "to discuss X".
 */
export function reasonSpans(sentence: AnalysedSentence): Span[] {
  const spans: Span[] = [];
  for (const [marker, prior] of REASON_MARKERS) {
    for (const match of sentence.text.matchAll(marker)) {
      const start = match.index!;
      const rest = sentence.text.slice(start + match[0].length);
      const length = rest.search(/[,;:.!?”"]|$/);
      if (length < 3) continue;
      spans.push(toSpan(sentence, start, start + match[0].length + rest.slice(0, length).trimEnd().length, prior));
    }
  }
  return spans;
}

const NP_WORD = new Set<Pos>(['det', 'adj', 'noun', 'proper', 'num']);
const NP_HEAD = new Set<Pos>(['noun', 'proper', 'num']);
/** Prepositions that attach a noun phrase to the one before it ("a plan for … between …"). */
const ATTACHING = new Set(['of', 'for', 'in', 'on', 'at', 'between', 'from', 'with', 'about', 'against', 'among', 'during', 'by']);

/** Base noun phrases as [from, to) token ranges: an optional determiner, modifiers, and a noun head. */
function baseNounPhrases(sentence: AnalysedSentence): Array<[number, number]> {
  const { tokens, tags, text } = sentence;
  const phrases: Array<[number, number]> = [];
  let i = 0;
  while (i < tokens.length) {
    if (!NP_WORD.has(tags[i]!)) {
      i++;
      continue;
    }
    let j = i;
    let lastHead = -1;
    // "per capita" sits inside a noun phrase although "per" is a preposition.
    const inPhrase = (k: number) => NP_WORD.has(tags[k]!) || (tokens[k]!.norm === 'per' && NP_HEAD.has(tags[k + 1] ?? 'other'));
    while (j < tokens.length && inPhrase(j) && (j === i || /^[ \t-]*$/.test(text.slice(tokens[j - 1]!.end, tokens[j]!.start)))) {
      if (tags[j] === 'det' && j > i) break;
      if (NP_HEAD.has(tags[j]!)) lastHead = j;
      j++;
      // "small and medium industries": coordinated modifiers stay inside the phrase.
      if (tags[j - 1] === 'adj' && (tokens[j]?.norm === 'and' || tokens[j]?.norm === 'or') && tags[j + 1] === 'adj') j++;
    }
    // "Indonesia and Japan", "small and medium industries": a coordination inside one phrase.
    if (lastHead === j - 1 && tokens[j]?.norm === 'and' && NP_WORD.has(tags[j + 1] ?? 'other') && tags[j + 1] !== 'det') {
      let k = j + 1;
      while (k < tokens.length && NP_WORD.has(tags[k]!) && tags[k] !== 'det') k++;
      if (NP_HEAD.has(tags[k - 1]!)) {
        lastHead = k - 1;
        j = k;
      }
    }
    if (lastHead >= 0) phrases.push([i, lastHead + 1]);
    i = Math.max(j, i + 1);
  }
  return phrases;
}

/**
 * Candidate answers for open questions: noun phrases (from part-of-speech tags), each alone and with the
 * prepositional phrases that follow it ("a plan" / "a plan for … exchanges between Indonesia and Japan").
 * With `verbs`, also verb phrases ("benefit both countries") for "what did X do" questions.
 */
export function phraseSpans(sentence: AnalysedSentence, verbs = false): Span[] {
  const { tokens, tags, text } = sentence;
  const phrases = baseNounPhrases(sentence);
  const spans: Span[] = [];
  const make = (from: number, to: number, prior: number): Span => ({ start: tokens[from]!.start, end: tokens[to - 1]!.end, text: text.slice(tokens[from]!.start, tokens[to - 1]!.end), from, to, prior });
  for (let p = 0; p < phrases.length; p++) {
    const [from, to] = phrases[p]!;
    if (to - from === 1 && tags[from] === 'det') continue;
    spans.push(make(from, to, 0.9));
    let end = to;
    let q = p;
    // Attach following "PREP NP" pieces while they are adjacent and within a clause.
    while (q + 1 < phrases.length && ATTACHING.has(tokens[end]?.norm ?? '') && phrases[q + 1]![0] === end + 1 && !/[,;:]/.test(text.slice(tokens[end - 1]!.end, tokens[end]!.start))) {
      q++;
      end = phrases[q]![1];
      if (end - from > 16) break;
      spans.push(make(from, end, 0.95));
    }
    // The longest attachment chain reads as the complete answer.
    if (end !== to) spans[spans.length - 1]!.prior = 1;
  }
  if (verbs) {
    for (const [from, to] of phrases) {
      const v = from - 1;
      if (v >= 0 && tags[v] === 'verb') spans.push(make(v, to, 0.8));
    }
  }
  return spans;
}

function trimTrailingStops(sentence: AnalysedSentence, span: Span): Span {
  let to = span.to;
  while (to > span.from + 1 && (sentence.tokens[to - 1]!.stop || CLAUSE_OPENERS.has(sentence.tokens[to - 1]!.norm))) to--;
  if (to === span.to) return span;
  const end = sentence.tokens[to - 1]!.end;
  return { ...span, to, end, text: sentence.text.slice(span.start, end) };
}

/**
 * Where the dateline of a news story ends ("Heaptalk, Jakarta — …", "WASHINGTON (Reuters) - …"): a
 * few capitalised words before a dash at the very start. The dateline says where the story was filed,
 * not what happened, so no answer is taken from it. Returns the token index after the dash, or 0.
 */
export function datelineEnd(sentence: AnalysedSentence): number {
  const dash = /^([^—–.]{2,60}?)\s+[—–-]{1,2}\s+/u.exec(sentence.text);
  if (!dash || !isCapitalised(dash[1]!)) return 0;
  const words = dash[1]!.split(/[\s,()]+/).filter(Boolean);
  if (words.length > 6 || !words.every((w) => isCapitalised(w))) return 0;
  const end = dash[0].length;
  const index = sentence.tokens.findIndex((t) => t.start >= end);
  return index < 0 ? 0 : index;
}

/** What produced a candidate span; one span may be several kinds at once (a name that is also a noun phrase). */
export const SPAN_KINDS = [
  'date', 'count', 'quantity', 'ratio', 'percent', 'name', 'person', 'group', 'np', 'np_pp', 'vp', 'quote', 'reason', 'reported',
] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];

/** A candidate answer span with every kind that proposed it. */
export interface CandidateSpan extends Span {
  kinds: SpanKind[];
}

/**
 * Every span of a sentence that could answer some question, whatever the question asks: dates, numbers,
 * names and the people inside them, groups, noun phrases alone and with their prepositional phrases,
 * short verb phrases, quotations, reasons and reported clauses. Choosing among them is the answer
 * model's job; the kinds it records are features. Nothing is taken from a dateline.
 */
export function answerCandidates(sentence: AnalysedSentence, mentioned: ReadonlySet<string>): CandidateSpan[] {
  const byRange = new Map<string, CandidateSpan>();
  /** Records a span, or adds its kinds to the one already found over the same range (returned). */
  const merge = (span: CandidateSpan): CandidateSpan | undefined => {
    const key = `${span.start}:${span.end}`;
    const known = byRange.get(key);
    if (!known) byRange.set(key, span);
    else for (const kind of span.kinds) if (!known.kinds.includes(kind)) known.kinds.push(kind);
    return known;
  };
  const add = (spans: Span[], kind: SpanKind) => {
    for (const span of spans) {
      if (span.end <= span.start) continue;
      const known = merge({ ...span, kinds: [kind] });
      if (known) {
        known.prior = Math.max(known.prior, span.prior);
        known.chainFrom ??= span.chainFrom;
      }
    }
  };
  add(dateSpans(sentence), 'date');
  add(numberSpans(sentence, 'number', true), 'count');
  add(numberSpans(sentence, 'number'), 'quantity');
  add(numberSpans(sentence, 'ratio'), 'ratio');
  add(numberSpans(sentence, 'percentage'), 'percent');
  const names = nameSpans(sentence);
  add(names, 'name');
  add(names.flatMap((s) => personCore(sentence, s, mentioned) ?? []), 'person');
  add(groupSpans(sentence), 'group');
  for (const span of phraseSpans(sentence, true)) add([span], span.prior === 0.9 ? 'np' : span.prior === 0.8 ? 'vp' : 'np_pp');
  add(quoteSpans(sentence), 'quote');
  add(reasonSpans(sentence), 'reason');
  const reporting = sentence.tokens.flatMap((t, i) => (REPORTING_VERBS.has(t.norm) ? [i] : []));
  add(reportedSpans(sentence, reporting), 'reported');
  // A variant over a range already found adds only its kinds: the span found there keeps its own standing.
  for (const variant of [...byRange.values()].flatMap((span) => possessiveVariants(sentence, span))) merge(variant);
  const skip = datelineEnd(sentence);
  return [...byRange.values()].filter((s) => s.from >= skip && s.to > s.from && !splitsWord(sentence.text, s));
}

const POSSESSIVE = /['’]s$/i;
/** Kinds that are clauses, not names or noun phrases: a possessor inside one is no answer by itself. */
const CLAUSE_KINDS = new Set<SpanKind>(['vp', 'quote', 'reason', 'reported']);

/**
 * A token keeps its possessive ("Demosisto's"), so a span ending on one is offered without it too
 * ("Peyton Manning", of "Peyton Manning's"), and a span with a possessor inside it is offered as the
 * possessor and as what follows it ("Denver" and "Executive Vice President", of "Denver's Executive Vice
 * President"; "Demosisto" and "Nathan Law"): the possessor and what it owns are seldom one answer. Each
 * variant keeps the kinds of the span it came from.
 */
function possessiveVariants(sentence: AnalysedSentence, span: CandidateSpan): CandidateSpan[] {
  const { tokens, text } = sentence;
  const variants: CandidateSpan[] = [];
  if (span.kinds.every((k) => CLAUSE_KINDS.has(k))) return variants;
  const last = tokens[span.to - 1]!;
  if (last.end === span.end && POSSESSIVE.test(last.text) && last.text.length > 2) {
    variants.push({ ...span, end: span.end - 2, text: text.slice(span.start, span.end - 2), kinds: [...span.kinds] });
  }
  for (let k = span.from; k < span.to - 1; k++) {
    if (!POSSESSIVE.test(tokens[k]!.text) || tokens[k]!.text.length <= 2) continue;
    const start = tokens[k + 1]!.start;
    variants.push({ ...span, start, from: k + 1, text: text.slice(start, span.end), kinds: [...span.kinds], chainFrom: undefined });
    const end = tokens[k]!.end - 2;
    variants.push({ ...span, end, to: k + 1, text: text.slice(span.start, end), kinds: [...span.kinds] });
  }
  return variants;
}

/** Whether the span cuts a word or an abbreviation ("U" of "U.S.", "th" of "50th"). */
export function splitsWord(text: string, span: Pick<Span, 'start' | 'end'>): boolean {
  const before = text[span.start - 1] ?? ' ';
  const after = text.slice(span.end, span.end + 2);
  return /[\p{L}\p{N}]/u.test(before) || /^[\p{L}\p{N}]/u.test(after) || /^\.\p{L}/u.test(after);
}

const PHRASE_NAME_PRIOR = 1;
const PLACE_PHRASE_PRIOR = 0.3;

/** The spans of a sentence that could answer a question of the given type (none from a dateline). */
export function candidateSpans(sentence: AnalysedSentence, type: AnswerType, mentioned: ReadonlySet<string>, wh = ''): Span[] {
  const skip = datelineEnd(sentence);
  const spans = typedSpans(sentence, type, mentioned, wh);
  return skip ? spans.filter((s) => s.from >= skip) : spans;
}

function typedSpans(sentence: AnalysedSentence, type: AnswerType, mentioned: ReadonlySet<string>, wh: string): Span[] {
  switch (type) {
    case 'person':
      return [...personSpans(sentence, mentioned), ...groupSpans(sentence)];
    case 'relation':
      return personSpans(sentence, mentioned);
    case 'place':
      // A name with a role in it ("Minister … Ken Saito") is a person, not a place. "What type of venue",
      // "in what state": a place noun may be answered by a common noun phrase too.
      return [
        ...nameSpans(sentence)
          .filter((s) => !sentence.tokens.slice(s.from, s.to).some((t) => ROLE_WORDS.has(t.norm)))
          .map((s) => ({ ...s, prior: isAfterPlacePreposition(sentence, s) ? 1 : 0.6 })),
        ...phraseSpans(sentence).map((s) => ({ ...s, prior: s.prior * PLACE_PHRASE_PRIOR })),
      ];
    case 'date':
      return dateSpans(sentence);
    case 'number':
    case 'ratio':
    case 'percentage':
      return numberSpans(sentence, type, wh === 'how many');
    case 'statement':
      return quoteSpans(sentence);
    case 'reason':
      return reasonSpans(sentence);
    case 'phrase':
      // A name is one answer even where the tagger splits it ("The Late Show with Stephen Colbert").
      return [...phraseSpans(sentence, true), ...nameSpans(sentence).map((s) => ({ ...s, prior: PHRASE_NAME_PRIOR }))];
  }
}

function isAfterPlacePreposition(sentence: AnalysedSentence, span: Span): boolean {
  const before = sentence.tokens[span.from - 1]?.norm ?? '';
  return ['in', 'at', 'from', 'to', 'near', 'into', 'across', 'outside', 'inside', 'throughout'].includes(before);
}
