import nlp from 'compromise';
import type { Token } from '../index/text.js';
import { narrowSweepHooks } from './sweepHooks.js';

/** Coarse part of speech, enough to tell noun phrases from verbs for extracting answers. */
export type Pos = 'noun' | 'proper' | 'verb' | 'adj' | 'adv' | 'det' | 'prep' | 'conj' | 'pron' | 'num' | 'other';

/**
 * The kind of thing a token names, from compromise's lexicon and rules (its named-entity tags): noisy
 * ("Santa Clara" reads as a person) but a useful feature where nothing else says what a name is.
 */
export type EntityTag = 'person' | 'place' | 'org' | 'date' | 'money' | 'percent' | 'number' | 'demonym' | '';

/** The parts of a compromise term we read (its parsed document, which `json()` would copy and re-serialise). */
export interface Term {
  pre: string;
  text: string;
  post: string;
  tags: Set<string>;
}

/**
 * Part-of-speech tags for our tokens, from compromise (a rule-and-lexicon tagger that ships its model in
 * the npm package: no network, a fraction of a millisecond a sentence). Each token takes the tags of the
 * compromise term it overlaps; a token no term covers is `other`. Terms are read straight from the parsed
 * document, their offsets counted from the whitespace and punctuation compromise keeps around each one
 * (half the cost of asking for `json({ offset: true })`, same offsets).
 */
export function tagTokens(text: string, tokens: Token[]): Pos[] {
  return tagAndName(text, tokens).tags;
}

/**
 * compromise's steps after tokenizing (`nlp.tokenize` runs alias, normal, machine and contractions), less
 * `chunks`, which groups tagged terms into phrases we never read: 9% of a question's parse, 15% of a
 * paragraph's, with the same terms and tags (checked on part 1's first 2,000 questions and 300 paragraphs).
 */
const TAGGING_STEPS = nlp.hooks().filter((step) => !['contractions', 'alias', 'machine', 'chunks'].includes(step));

/** compromise's own bulk matcher, before `narrowSweepHooks` wrapped it (for the test that compares them). */
export const COMPROMISE_BULK_MATCH = narrowSweepHooks(nlp.methods() as unknown as Parameters<typeof narrowSweepHooks>[0]);

/** compromise's terms for a text, sentence by sentence, tagged (see TAGGING_STEPS). */
export function parseTerms(text: string): Term[][] {
  return (nlp.tokenize(text).compute(TAGGING_STEPS) as unknown as { document: Term[][] }).document;
}

/** Parts of speech and entity tags for our tokens, from one compromise parse (see `tagTokens`). */
export function tagAndName(text: string, tokens: Token[]): { tags: Pos[]; entities: EntityTag[] } {
  const tags: Pos[] = tokens.map(() => 'other');
  const entities: EntityTag[] = tokens.map(() => '');
  const sentences = parseTerms(text);
  let at = 0;
  let k = 0;
  for (const sentence of sentences) {
    for (const term of sentence) {
      let start = at + term.pre.length;
      // Should compromise ever normalise what it keeps, find the term again rather than drift.
      if (text.slice(start, start + term.text.length) !== term.text) {
        const found = text.indexOf(term.text, at);
        if (found < 0) continue;
        start = found;
      }
      const end = start + term.text.length;
      at = end + term.post.length;
      while (k < tokens.length && tokens[k]!.end <= start) k++;
      const pos = coarse(term.tags);
      const entity = entityOf(term.tags);
      for (let i = k; i < tokens.length && tokens[i]!.start < end; i++) {
        tags[i] = pos;
        entities[i] = entity;
      }
    }
  }
  return { tags: repair(tags, tokens), entities };
}

const LEXICON = (nlp as unknown as { model(): { one: { lexicon: Record<string, string | undefined> } } }).model().one.lexicon;

/**
 * What a word is as a plain lowercase word, from compromise's lexicon alone (no context): "therefore" a
 * conjunction, "public" an adjective. An unknown word ending in "-ly" reads as an adverb; any other
 * unknown word is `other`. For a capitalised word where capitals say nothing (a sentence's first word),
 * when the tagger, seeing the capital mid-text, would call it a name.
 */
export function lexiconPos(word: string): Pos {
  const tag = LEXICON[word.toLowerCase()];
  if (tag) return coarse(new Set([tag]));
  return /^[a-z]{3,}ly$/i.test(word) ? 'adv' : 'other';
}

function entityOf(tags: Set<string>): EntityTag {
  if (tags.has('Money')) return 'money';
  if (tags.has('Percent')) return 'percent';
  if (tags.has('Date') || tags.has('Month') || tags.has('WeekDay') || tags.has('Year')) return 'date';
  if (tags.has('Place') || tags.has('City') || tags.has('Country') || tags.has('Region')) return 'place';
  if (tags.has('Organization') || tags.has('SportsTeam') || tags.has('Company')) return 'org';
  if (tags.has('Person') || tags.has('FirstName') || tags.has('LastName') || tags.has('Honorific')) return 'person';
  if (tags.has('Demonym')) return 'demonym';
  if (tags.has('Value') || tags.has('Cardinal')) return 'number';
  return '';
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
