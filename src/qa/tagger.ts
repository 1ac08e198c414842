import { createRequire } from 'node:module';
import nlp from 'compromise';
import winkNLP from 'wink-nlp';
import winkModel from 'wink-eng-lite-web-model';
import type { Token } from '../index/text.js';

const require = createRequire(import.meta.url);
const versionOf = (name: string) => (require(`${name}/package.json`) as { version: string }).version;

/**
 * The tagger and the lexicon behind every tag, with their versions: a model is trained on their tags and
 * records this; another tagger's tags would not be the features it learned (see model.ts).
 */
export const TAGGER = `wink-nlp@${versionOf('wink-nlp')} wink-eng-lite-web-model@${versionOf('wink-eng-lite-web-model')} compromise@${(nlp as unknown as { version: string }).version}`;

/** Coarse part of speech, enough to tell noun phrases from verbs for extracting answers. */
export type Pos = 'noun' | 'proper' | 'verb' | 'adj' | 'adv' | 'det' | 'prep' | 'conj' | 'pron' | 'num' | 'other';

/**
 * The kind of thing a token names: dates and numbers from wink's entity recogniser, people, places and
 * organisations from compromise's lexicon. Noisy, but a useful feature where nothing else says what a name is.
 */
export type EntityTag = 'person' | 'place' | 'org' | 'date' | 'money' | 'percent' | 'number' | 'demonym' | '';

/**
 * Part-of-speech tags for our tokens, from wink-nlp's English model (a trained tagger and entity
 * recogniser that ships in npm: no network, an eighth of compromise's time a sentence). Each token takes the
 * tag of the wink token it overlaps; a token none covers is `other`.
 */
export function tagTokens(text: string, tokens: Token[]): Pos[] {
  return tagAndName(text, tokens).tags;
}

const wink = winkNLP(winkModel, ['sbd', 'pos', 'ner']);
const its = wink.its;

/** Parts of speech and entity tags for our tokens, from one wink parse (see `tagTokens`). */
export function tagAndName(text: string, tokens: Token[]): { tags: Pos[]; entities: EntityTag[] } {
  const tags: Pos[] = tokens.map(() => 'other');
  const entities: EntityTag[] = tokens.map(() => '');
  const doc = wink.readDoc(text);
  const winkTokens = doc.tokens();
  const words = winkTokens.out() as string[];
  const pos = winkTokens.out(its.pos) as string[];
  const recognised: Array<EntityTag | ''> = words.map(() => '');
  const found = doc.entities();
  const spans = found.out(its.span) as unknown as Array<[number, number]>;
  const types = found.out(its.type) as string[];
  spans.forEach(([from, to], e) => {
    const entity = ENTITY_TYPES[types[e]!] ?? '';
    for (let w = from; w <= to; w++) recognised[w] = entity;
  });
  // Tokens are tagged in order, so those up to the last one tagged already have their tag.
  let lastTagged = -1;
  let at = 0;
  let k = 0;
  for (let w = 0; w < words.length; w++) {
    const word = words[w]!;
    // wink spells some pieces of a word its own way ("ca" of "can't"); a piece not found is skipped.
    const start = text.indexOf(word, at);
    if (start < 0) continue;
    const end = start + word.length;
    at = end;
    while (k < tokens.length && tokens[k]!.end <= start) k++;
    const coarseTag = coarsePos(pos[w]!, word, recognised[w]!);
    // A token wink splits ("can't" → "ca" "n't") takes the first piece's tag.
    for (let i = Math.max(k, lastTagged + 1); i < tokens.length && tokens[i]!.start < end; i++) {
      lastTagged = i;
      tags[i] = coarseTag;
      entities[i] = recognised[w]!;
    }
  }
  lexiconEntities(tokens, tags, entities);
  return { tags: repair(tags, tokens), entities };
}

/** wink's entity types that say what a token is; the rest (a URL, a hashtag, an emoji) say nothing here. */
const ENTITY_TYPES: Record<string, EntityTag> = {
  DATE: 'date', TIME: 'date', DURATION: 'number', MONEY: 'money', PERCENT: 'percent', CARDINAL: 'number', ORDINAL: 'number',
};

/**
 * wink's Universal tags, coarsened: an auxiliary is a verb, a "-ing" verb a noun as it heads noun
 * phrases ("the training"), "to" a preposition and "not" an adverb, and a word inside a recognised
 * number a number ("thousands", "million").
 */
function coarsePos(tag: string, word: string, entity: EntityTag | ''): Pos {
  switch (tag) {
    case 'NOUN': return entity === 'number' && !/^\p{Lu}/u.test(word) ? 'num' : 'noun';
    case 'PROPN': return 'proper';
    case 'VERB': return /ing$/i.test(word) ? 'noun' : 'verb';
    case 'AUX': return 'verb';
    case 'ADJ': return 'adj';
    case 'ADV': return 'adv';
    case 'DET': return 'det';
    case 'ADP': return 'prep';
    case 'CCONJ': case 'SCONJ': return 'conj';
    case 'PRON': return 'pron';
    case 'NUM': return 'num';
    case 'PART': return /^to$/i.test(word) ? 'prep' : /^(?:not|n't)$/i.test(word) ? 'adv' : 'other';
    default: return 'other';
  }
}

/** compromise's lexicon tags for what a name is: a person's first or last name, a place, an organisation, a people. */
const LEXICON_ENTITY: Record<string, EntityTag> = {
  FirstName: 'person', MaleName: 'person', FemaleName: 'person', LastName: 'person', Honorific: 'person', Person: 'person',
  City: 'place', Country: 'place', Region: 'place', Place: 'place', Organization: 'org', Company: 'org', SportsTeam: 'org', Demonym: 'demonym',
};
const LONGEST_ENTRY = 4;

/** The first of an entry's tags that names a kind of thing. */
function lexiconEntity(entry: string): EntityTag | undefined {
  for (const tag of lexiconTags(entry)) if (Object.hasOwn(LEXICON_ENTITY, tag)) return LEXICON_ENTITY[tag];
  return undefined;
}

/**
 * What wink's small model does not name (people, places, organisations), from compromise's lexicon, longest
 * entry first ("new york", "united nations"); a chain of proper nouns holding a known first or last name is a
 * person throughout ("Ken Saito": "Ken" is a known first name).
 */
function lexiconEntities(tokens: Token[], tags: Pos[], entities: EntityTag[]): void {
  for (let i = 0; i < tokens.length; i++) {
    if (entities[i] && entities[i] !== 'number') continue;
    // Only a word that opens some entry of several words is looked up with the words after it.
    const longest = MULTI_WORD_OPENERS.has(tokens[i]!.norm) ? Math.min(LONGEST_ENTRY, tokens.length - i) : 1;
    for (let n = longest; n >= 1; n--) {
      const entry = n === 1 ? tokens[i]!.norm : tokens.slice(i, i + n).map((t) => t.norm).join(' ');
      const entity = lexiconEntity(entry);
      if (!entity) continue;
      for (let k = i; k < i + n; k++) entities[k] = entity;
      i += n - 1;
      break;
    }
  }
  for (let i = 0; i < tokens.length; i++) {
    if (entities[i] !== 'person' || tags[i] !== 'proper') continue;
    for (let k = i - 1; k >= 0 && tags[k] === 'proper' && !entities[k]; k--) entities[k] = 'person';
    for (let k = i + 1; k < tokens.length && tags[k] === 'proper' && !entities[k]; k++) entities[k] = 'person';
  }
}

const LEXICON = (nlp as unknown as { model(): { one: { lexicon: Record<string, string | string[] | undefined> } } }).model().one.lexicon;

/** The first words of the lexicon's entries of several words ("new" of "new york"). */
const MULTI_WORD_OPENERS = new Set(Object.keys(LEXICON).filter((entry) => entry.includes(' ')).map((entry) => entry.split(' ')[0]!));

/**
 * compromise's tags for a lowercase word or phrase: one tag or several ("new york": Region, ProperNoun). The
 * lexicon is a plain object, so only its own entries count ("constructor" is no entry).
 */
function lexiconTags(entry: string): string[] {
  if (!Object.hasOwn(LEXICON, entry)) return [];
  const tags = LEXICON[entry];
  return typeof tags === 'string' ? [tags] : Array.isArray(tags) ? tags : [];
}

/**
 * What a word is as a plain lowercase word, from compromise's lexicon alone (no context): "therefore" a
 * conjunction, "public" an adjective. An unknown word ending in "-ly" reads as an adverb; any other
 * unknown word is `other`. For a capitalised word where capitals say nothing (a sentence's first word),
 * when the tagger, seeing the capital mid-text, would call it a name.
 */
export function lexiconPos(word: string): Pos {
  const tags = lexiconTags(word.toLowerCase());
  if (tags.length) return coarse(new Set(tags));
  return /^[a-z]{3,}ly$/i.test(word) ? 'adv' : 'other';
}

/**
 * Two regular slips of the tagger around noun/verb ambiguity, repaired by the words around them:
 * a plural "-s" word between a noun and a preposition is a noun ("resource exchanges between"), and a
 * noun after a noun and before a determiner is a verb ("investments in Indonesia benefit both countries").
 */
function repair(tags: Pos[], tokens: Token[]): Pos[] {
  for (let i = 1; i < tags.length - 1; i++) {
    const before = tags[i - 1]!;
    const after = tags[i + 1]!;
    if (tags[i] === 'verb' && /s$/.test(tokens[i]!.norm) && (before === 'noun' || before === 'adj') && after === 'prep') tags[i] = 'noun';
    else if (tags[i] === 'noun' && (before === 'noun' || before === 'proper') && after === 'det') tags[i] = 'verb';
  }
  return tags;
}

function coarse(tags: Set<string>): Pos {
  const has = (t: string) => tags.has(t);
  if (has('Pronoun')) return 'pron';
  if (has('Determiner')) return 'det';
  if (has('Preposition')) return 'prep';
  if (has('Conjunction')) return 'conj';
  if (has('Value')) return 'num';
  if (has('Verb') && !has('Gerund')) return 'verb';
  if (has('Adjective')) return 'adj';
  if (has('Adverb')) return 'adv';
  if (has('ProperNoun')) return 'proper';
  if (has('Noun') || has('Gerund')) return 'noun';
  return 'other';
}
