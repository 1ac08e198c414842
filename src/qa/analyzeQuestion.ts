import { STOP_WORDS, termKey } from '../index/text.js';
import { isCapitalised, keyedTokens, type KeyedToken } from './terms.js';
import {
  AUXILIARIES,
  AGENT_NOUNS, ARTICLES, MONEY_NOUNS, MONEY_VERBS, PERCENT_NOUNS, PLACE_NOUNS, QUANTITY_NOUNS, RATIO_NOUNS, REPORTING_VERBS, TIME_NOUNS,
} from './lexicon.js';
import { tagTokens, type Pos } from './tagger.js';
import type { AnswerType } from './types.js';

/** A content word of the question, with how much finding it in a passage should count. */
export interface QuestionTerm {
  text: string;
  key: string;
  weight: number;
  /** Counts when found but costs nothing when missing: verbs of saying and type nouns ("what ratio"). */
  optional?: boolean;
  /** Written with a capital after the question's first word: a name or a nationality, matched by its letters only. */
  capitalised?: boolean;
}

export interface QuestionAnalysis {
  /** The question as asked, trimmed. */
  text: string;
  answerType: AnswerType;
  /** The question word that decided the type (who, when, how many, …), or "" when none. */
  wh: string;
  /** Content words to look for, question words and function words removed. */
  terms: QuestionTerm[];
  /** For "who VERB whom" and "who VERB X" / "whom did X VERB": the verb's match key and surface form. */
  verb?: { key: string; text: string } | undefined;
  /**
   * "What ecosystem did…", "what crucial issue…": the noun the answer is about (its head, or the word it
   * stands in apposition to), as a term key.
   */
  focus?: string | undefined;
  /**
   * The question's words on either side of the gap the answer fills, as term keys: "what did Agus outline?"
   * → before: outline (the answer follows it); "which network broadcast X?" → after: broadcast (the answer
   * precedes it); "X was the pick in which draft?" → before: pick.
   */
  gap?: { before?: string | undefined; after?: string | undefined } | undefined;
  /** The question asks for an amount of money ("what is the price…", "how much did it cost"): answers name a currency. */
  money?: boolean | undefined;
  /** Whether the asked-for person is the subject ("who met X?") or the object ("whom did X meet?"). */
  role?: 'subject' | 'object' | 'both' | undefined;
  /** The question's first auxiliary or modal verb ("when *will* they meet", "what *did* Agus outline"), or "" for none. */
  auxiliary: string;
}

const WH = new Set(['who', 'whom', 'whose', 'what', 'which', 'when', 'where', 'why', 'how']);
const HOW_NUMBER = new Set(['many', 'much', 'long', 'far', 'old', 'big', 'large', 'tall', 'high', 'often', 'fast', 'deep', 'wide', 'heavy', 'small', 'few']);
/** Words that only frame the question ("what is the name of…", "according to the article…"). */
const FRAME_WORDS = new Set(['name', 'named', 'called', 'article', 'according', 'kind', 'type', 'sort']);

/** The question as the reply shows it: trimmed, its runs of white space one space. */
export function askedText(question: string): string {
  return question.trim().replace(/\s+/g, ' ');
}

/**
 * Works out what a question asks for (its answer type) and which of its words to look for. General
 * English question patterns only.
 */
export function analyzeQuestion(question: string): QuestionAnalysis {
  const text = askedText(question);
  const tokens = keyedTokens(text).map(uncontracted);
  const words = tokens.map((t) => t.norm);
  // "When John Fox left, who replaced him?": a question opening on a when/where clause asks its later wh-word.
  let whIndex = words.findIndex((w) => WH.has(w));
  const laterWh = words.findIndex((w, i) => i > whIndex + 1 && WH.has(w));
  if (whIndex === 0 && (words[0] === 'when' || words[0] === 'where') && laterWh > 0) whIndex = laterWh;
  const wh = whIndex >= 0 ? words[whIndex]! : '';
  const next = words[whIndex + 1] ?? '';
  const tags = whIndex >= 0 ? tagTokens(text, tokens) : [];
  const { focus, end } = focusNoun(tokens, tags, whIndex);
  // "whats the car ratio": when the first noun names no type, the phrase's head may ("ratio").
  const firstNoun = whIndex >= 0 ? firstNounAfter(words, whIndex + 1) : '';
  const head = focus ? singular(focus.norm) : '';
  const afterNoun = !TYPE_NOUNS.has(firstNoun) && TYPE_NOUNS.has(head) ? head : firstNoun;

  let answerType: AnswerType = 'phrase';
  let whLabel = wh;
  let verb: QuestionAnalysis['verb'];
  let role: QuestionAnalysis['role'];

  if (wh === 'who' || wh === 'whom' || wh === 'whose') {
    answerType = 'person';
    const relation = relationVerb(tokens, whIndex);
    if (relation) ({ verb, role } = relation);
    if (role === 'both') answerType = 'relation';
  } else if (wh === 'where') answerType = 'place';
  else if (wh === 'when') answerType = 'date';
  else if (wh === 'why') answerType = 'reason';
  else if (wh === 'how') {
    if (HOW_NUMBER.has(next)) {
      answerType = 'number';
      whLabel = `how ${next}`;
    } else whLabel = 'how';
  } else if (wh === 'what' || wh === 'which') {
    if (RATIO_NOUNS.has(afterNoun)) answerType = 'ratio';
    else if (PERCENT_NOUNS.has(afterNoun)) answerType = 'percentage';
    else if (QUANTITY_NOUNS.has(afterNoun)) answerType = 'number';
    else if (TIME_NOUNS.has(afterNoun)) answerType = 'date';
    else if (PLACE_NOUNS.has(afterNoun)) answerType = 'place';
    else if (AGENT_NOUNS.has(afterNoun)) answerType = 'person';
    else if (asksForStatement(words, whIndex)) answerType = 'statement';
    else if (/^(purpose|reason)$/.test(afterNoun)) answerType = 'reason';
  } else if (/\b(for what reason|how come)\b/.test(words.join(' '))) answerType = 'reason';

  const terms: QuestionTerm[] = [];
  const seen = new Set<string>();
  for (const [i, token] of tokens.entries()) {
    if (token.stop || WH.has(token.norm) || AUXILIARIES.has(token.norm) || FRAME_WORDS.has(token.norm)) continue;
    if (i === whIndex + 1 && (HOW_NUMBER.has(token.norm))) continue;
    if (seen.has(token.key)) continue;
    seen.add(token.key);
    // News rephrases verbs of saying freely; "what year", "which country": the type noun is often absent.
    const optional = REPORTING_VERBS.has(token.norm) || (i === whIndex + 1 && TYPE_NOUNS.has(token.norm));
    const capitalised = i > 0 && isCapitalised(token.text);
    terms.push({ text: token.text, key: token.key, weight: optional ? 0.5 : 1, ...(optional ? { optional } : {}), ...(capitalised ? { capitalised } : {}) });
  }
  const money = (answerType === 'number' && MONEY_NOUNS.has(afterNoun)) || (whLabel === 'how much' && words.some((w) => MONEY_VERBS.has(w)));
  const auxiliary = words.find((w) => AUXILIARIES.has(w)) ?? '';
  return { text, answerType, wh: whLabel, terms, verb, role, auxiliary, focus: focus?.key, money: money || undefined, gap: whIndex >= 0 ? gapOf(tokens, tags, whIndex, end) : undefined };
}

/** "whats", "whos", "wheres": a question word typed without its apostrophe is the question word ("what's" already is). */
const CONTRACTED_WH = /^(what|who|where|when|how|why)s$/;

function uncontracted(token: KeyedToken): KeyedToken {
  const wh = CONTRACTED_WH.exec(token.norm)?.[1];
  return wh ? { ...token, norm: wh, key: termKey(wh), stop: STOP_WORDS.has(wh) } : token;
}

const COPULAS = new Set(['is', 'are', 'was', 'were', 'be', 'been']);
/** Nouns that say what kind of answer is asked for ("what ratio", "which city", "what year"). */
const TYPE_NOUNS = new Set([...RATIO_NOUNS, ...PERCENT_NOUNS, ...QUANTITY_NOUNS, ...TIME_NOUNS, ...PLACE_NOUNS]);

/** Where the answer goes when the question is read back as a statement (see `QuestionAnalysis.gap`). */
function gapOf(tokens: KeyedToken[], tags: Pos[], whIndex: number, focusEnd: number): QuestionAnalysis['gap'] {
  const isTerm = (t: KeyedToken) => !t.stop && !WH.has(t.norm) && !AUXILIARIES.has(t.norm) && !FRAME_WORDS.has(t.norm);
  const firstAfter = (from: number) => tokens.slice(from).find(isTerm)?.key;
  const lastTerm = [...tokens].reverse().find(isTerm)?.key;
  const before = tokens.slice(0, whIndex).filter(isTerm);
  if (before.length > 0) return { before: before[before.length - 1]!.key, after: firstAfter(focusEnd) };
  const next = tokens[focusEnd];
  if (!next) return undefined;
  if (COPULAS.has(next.norm)) return { before: lastTerm, after: firstAfter(focusEnd + 1) };
  // "What color pants did the Broncos wear in Super Bowl 50?": the answer is the object of the main verb.
  // "Who will carry the game…", "who was considered…": an auxiliary right before the verb; the wh-word is the subject.
  const afterAux = tokens[focusEnd + 1];
  if (AUXILIARIES.has(next.norm) && afterAux && tags[focusEnd + 1] === 'verb' && isTerm(afterAux)) return { after: afterAux.key };
  if (AUXILIARIES.has(next.norm)) {
    // When, where, why, how ask for an adjunct, which follows the whole clause instead.
    const asksForObject = ['what', 'which', 'who', 'whom'].includes(tokens[whIndex]!.norm);
    const verb = asksForObject ? tokens.findIndex((t, i) => i > focusEnd + 1 && tags[i] === 'verb' && isTerm(t)) : -1;
    return { before: verb >= 0 ? tokens[verb]!.key : lastTerm };
  }
  return { after: firstAfter(focusEnd) };
}

/**
 * The last word between "what"/"which" and the first auxiliary or verb-like word: "what crucial issue did" →
 * issue; after "what is the" the phrase that follows (see `copularPhrase`). `end` is where the gap is read from.
 */
function focusNoun(tokens: KeyedToken[], tags: Pos[], whIndex: number): { focus?: KeyedToken | undefined; end: number } {
  const wh = tokens[whIndex]?.norm;
  if (wh !== 'what' && wh !== 'which' && wh !== 'whose') return { end: whIndex + 1 };
  // "Whose X …" asks for X's owner: X is never the focus, though the gap is read after it.
  const copular = wh === 'whose' ? undefined : copularPhrase(tokens, whIndex);
  if (copular !== undefined) return { focus: copularFocus(tokens, tags, copular), end: whIndex + 1 };
  // The noun phrase right after the question word ends at its first verb: "which network broadcasted…" → network.
  const last = nounPhraseEnd(tokens, tags, whIndex + 1);
  if (last < 0) return { end: whIndex + 1 };
  return { focus: wh === 'whose' ? undefined : tokens[last], end: last + 1 };
}

/**
 * The index of the last word from `from` up to the first auxiliary, function word, or (after the first
 * word) verb, preposition or adverb; -1 when there is none.
 */
function nounPhraseEnd(tokens: KeyedToken[], tags: Pos[], from: number): number {
  let last = -1;
  for (let i = from; i < Math.min(tokens.length, from + 5); i++) {
    const t = tokens[i]!;
    // "what kind of X", "which type of X": the frame is not the focus.
    if (FRAME_WORDS.has(t.norm) && tokens[i + 1]?.norm === 'of') {
      i += ARTICLES.has(tokens[i + 2]?.norm ?? '') ? 2 : 1;
      continue;
    }
    if (AUXILIARIES.has(t.norm) || t.stop) break;
    if (last >= 0 && (tags[i] === 'verb' || tags[i] === 'prep' || tags[i] === 'adv')) break;
    last = i;
  }
  return last;
}

/**
 * "What is the theme of …", "whats the car ratio", "what was the last Super Bowl the Broncos played in":
 * after a copula and "the", "a" or "an" (or "the" alone, the copula dropped in typing) the noun phrase names
 * what the answer is. Where that phrase starts, or undefined.
 */
function copularPhrase(tokens: KeyedToken[], whIndex: number): number | undefined {
  const copula = COPULAS.has(tokens[whIndex + 1]?.norm ?? '');
  const determiner = tokens[whIndex + (copula ? 2 : 1)]?.norm ?? '';
  if (copula ? ARTICLES.has(determiner) : determiner === 'the') return whIndex + (copula ? 3 : 2);
  return undefined;
}

/**
 * The head of that phrase when it is a noun and not the subject of a verb: "what is the government planning"
 * asks about the government (the tagger reads "planning" after a noun as a compound's noun, so a word in
 * -ing after the phrase's first is taken for the progressive verb it usually is here).
 */
function copularFocus(tokens: KeyedToken[], tags: Pos[], from: number): KeyedToken | undefined {
  const last = nounPhraseEnd(tokens, tags, from);
  if (last < 0 || (tags[last] !== 'noun' && tags[last] !== 'proper') || tags[last + 1] === 'verb') return undefined;
  for (let i = from + 1; i <= last; i++) if (/ing$/.test(tokens[i]!.norm)) return undefined;
  return tokens[last];
}

/** Words between a question word and its type noun, besides the articles: "which *two* countries", "what *exact* date". */
const BEFORE_TYPE_NOUN = new Set(['of', 'two', 'three', 'exact', 'main', 'first', 'last']);

function firstNounAfter(words: string[], from: number): string {
  // "what ratio", "which two countries", "what kind of ratio", "what is the population of": skip numbers,
  // framing words, and a copula only when a determiner follows ("what could people build" has no type noun).
  for (let i = from; i < Math.min(words.length, from + 4); i++) {
    const w = words[i]!;
    // "What did the ministers discuss": the noun after a non-copula auxiliary is the clause's subject, not the answer's type.
    if (AUXILIARIES.has(w) && (!COPULAS.has(w) || !ARTICLES.has(words[i + 1] ?? ''))) return '';
    if (/^\d/.test(w) || COPULAS.has(w) || FRAME_WORDS.has(w)) continue;
    if (ARTICLES.has(w) || BEFORE_TYPE_NOUN.has(w)) continue;
    return w.replace(/s$/, '') === 'percentage' ? 'percentage' : singular(w);
  }
  return '';
}

function singular(word: string): string {
  if (/ies$/.test(word)) return word.replace(/ies$/, 'y');
  if (/(ss|us)$/.test(word)) return word;
  return word.replace(/s$/, '');
}

/** "what did X say", "what was said", "what did X tell Y": the answer is what was said. */
function asksForStatement(words: string[], whIndex: number): boolean {
  const rest = words.slice(whIndex + 1);
  const last = rest[rest.length - 1] ?? '';
  if (!REPORTING_VERBS.has(last) && !['say', 'tell', 'write', 'state', 'explain', 'conclude', 'convey'].includes(rest[rest.length - 2] ?? '')) {
    return rest.some((w, i) => REPORTING_VERBS.has(w) && (i === rest.length - 1 || ['in', 'about', 'to', 'at', 'during', 'on', 'when'].includes(rest[i + 1] ?? '')) && /^(say|said|tell|told|state|stated|explain|conclude|convey|write|wrote|mention|note|add)$/.test(w));
  }
  return /^(say|said|tell|told|state|stated|explain|explained|conclude|concluded|convey|conveyed|write|wrote|mention|note|add|announce)$/.test(last);
}

/**
 * "who met whom" → both sides; "who met Ken Saito" → the subject; "whom did Agus meet" / "who did Agus
 * meet" → the object. The verb is the first content word after the question word (or at the end, after
 * a subject, for the object form).
 */
function relationVerb(tokens: KeyedToken[], whIndex: number): Pick<QuestionAnalysis, 'verb' | 'role'> | undefined {
  const words = tokens.map((t) => t.norm);
  const whomIndex = words.findIndex((w, i) => i > whIndex && (w === 'whom' || w === 'who'));
  const next = tokens[whIndex + 1];
  if (!next) return undefined;
  if (AUXILIARIES.has(next.norm) && ['did', 'does', 'do', 'will', 'would', 'can', 'could'].includes(next.norm)) {
    // "who did Agus meet (with)?" — the verb is the last content word.
    const verbToken = [...tokens].reverse().find((t) => !t.stop && !/^[A-Z]/.test(t.text));
    return verbToken ? { verb: { key: verbToken.key, text: verbToken.text }, role: 'object' } : undefined;
  }
  if (AUXILIARIES.has(next.norm)) return undefined; // "who is …": a description, not a relation
  if (next.stop) return undefined;
  return { verb: { key: next.key, text: next.text }, role: whomIndex > whIndex + 1 ? 'both' : 'subject' };
}
