import type { Article } from '../corpus/types.js';
import { nameSpans } from './candidates.js';
import { ROLE_WORDS } from './lexicon.js';
import { analysed } from './sentenceAnalysis.js';

/** For each term key, the keys the same article uses for the same thing. */
export type Aliases = ReadonlyMap<string, readonly string[]>;

const cache = new WeakMap<Article, Aliases>();

/**
 * The article's own aliases, both ways: an acronym and the capitalised words it stands for where the
 * article spells it out ("Ministry of Economy, Trade, and Industry (METI)": "meti" ~ "economi", "trade",
 * "industri"), and a person's surname and the rest of the full name it was first given with ("Ken Saito"
 * then "Saito": "saito" ~ "ken"). Computed once per article from its own text.
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
  for (const paragraph of article.paragraphs) {
    for (const sentence of paragraph.sentences) {
      const a = analysed(sentence);
      a.tokens.forEach((t, i) => {
        // "… Industry (METI)": an all-capital word in brackets right after a capitalised chain.
        if (!/^[A-Z]{2,8}$/.test(t.text) || a.text[t.start - 1] !== '(' || a.text[t.end] !== ')') return;
        const expansion: string[] = [];
        for (let k = i - 1; k >= 0 && expansion.length < 8; k--) {
          const w = a.tokens[k]!;
          if (/^\p{Lu}/u.test(w.text)) expansion.unshift(w.text);
          else if (!w.stop) break;
          if (expansion.length && initials(expansion) === t.text) {
            for (let j = k; j < i; j++) if (!a.tokens[j]!.stop) link(t.key, a.tokens[j]!.key);
            break;
          }
        }
      });
      for (const span of nameSpans(a)) {
        const words = a.tokens.slice(span.from, span.to);
        if (words.length < 2 || words.length > 4 || words.some((w) => ROLE_WORDS.has(w.norm) || w.stop || /^[A-Z]{2,}$/.test(w.text))) continue;
        const surname = words[words.length - 1]!;
        for (const w of words.slice(0, -1)) link(surname.key, w.key);
      }
    }
  }
  aliases = new Map([...table].map(([k, set]) => [k, [...set]]));
  cache.set(article, aliases);
  return aliases;
}

/** "Economy Trade Industry" → "ETI"; capital letters of each word ("METI" from "Ministry of Economy, Trade, and Industry" skips function words). */
function initials(words: string[]): string {
  return words.map((w) => w[0]!.toUpperCase()).join('');
}
