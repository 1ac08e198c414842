import type { Article } from '../corpus/types.js';
import { fold, STOP_WORDS, termKey } from '../index/text.js';
import { ROLE_WORDS } from './lexicon.js';
import { isCapitalised } from './terms.js';

/** For each term key, the keys the same article uses for the same thing. */
export type Aliases = ReadonlyMap<string, readonly string[]>;

const cache = new WeakMap<Article, Aliases>();

/** Capitalised words (with "of", "and", "&", "for", "the" between them) right before an acronym in brackets. */
const SPELLED_OUT = /((?:\p{Lu}[\p{L}’'-]*[ ,]+(?:(?:of|and|&|for|the|on|in)[ ,]+)*){1,8})\((\p{Lu}{2,8})\)/gu;
/** Two to four capitalised words in a row: a name as news gives it in full ("Ken Saito"). */
const FULL_NAME = /\b\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+){1,3}\b/gu;

/**
 * The article's own aliases, both ways: an acronym and the capitalised words it stands for where the
 * article spells it out ("Ministry of Economy, Trade, and Industry (METI)": "meti" ~ "economi", "trade",
 * "industri"), and a person's surname and the rest of the full name it was given with ("Ken Saito" then
 * "Saito": "saito" ~ "ken"). Computed once per article from its raw text with two regular expressions:
 * this runs for every article retrieval reads, so it must not tokenise or tag whole articles.
 */
export function articleAliases(article: Article): Aliases {
  let aliases = cache.get(article);
  if (aliases) return aliases;
  const table = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (a === b) return;
    for (const [x, y] of [[a, b], [b, a]] as const) {
      let set = table.get(x);
      if (!set) table.set(x, (set = new Set()));
      set.add(y);
    }
  };
  const key = (word: string) => termKey(fold(word));
  for (const paragraph of article.paragraphs) {
    const text = paragraph.text;
    if (text.includes('(')) {
      for (const match of text.matchAll(SPELLED_OUT)) {
        const acronym = match[2]!;
        const words = match[1]!.split(/[ ,]+/).filter((w) => w && isCapitalised(w));
        // The expansion is the shortest tail of the capitalised words whose initials spell the acronym.
        for (let from = words.length - 1; from >= 0; from--) {
          const tail = words.slice(from);
          if (tail.map((w) => w[0]).join('').toUpperCase() === acronym) {
            for (const w of tail) if (!STOP_WORDS.has(fold(w))) link(key(acronym), key(w));
            break;
          }
        }
      }
    }
    for (const match of text.matchAll(FULL_NAME)) {
      const words = match[0].split(' ');
      if (words.some((w) => ROLE_WORDS.has(fold(w)) || STOP_WORDS.has(fold(w)))) continue;
      const surname = key(words[words.length - 1]!);
      for (const w of words.slice(0, -1)) link(surname, key(w));
    }
  }
  aliases = new Map([...table].map(([k, set]) => [k, [...set]]));
  cache.set(article, aliases);
  return aliases;
}
