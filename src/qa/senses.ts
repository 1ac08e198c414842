import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Where the word-sense table lives (built by `npm run build:senses` from WordNet, committed). */
export const SENSES_FILE = fileURLToPath(new URL('../../data/model/word-senses.json', import.meta.url));

/**
 * WordNet's noun classes (its lexicographer files, "supersenses"): what kind of thing a noun names. A
 * "what instrument" question and a span whose head is "guitar" meet at "artifact" without a rule for
 * either word, and so do "which disease" and "malaria" ("state").
 */
export const NOUN_CLASSES = [
  'Tops', 'act', 'animal', 'artifact', 'attribute', 'body', 'cognition', 'communication', 'event', 'feeling', 'food', 'group',
  'location', 'motive', 'object', 'person', 'phenomenon', 'plant', 'possession', 'process', 'quantity', 'relation', 'shape',
  'state', 'substance', 'time',
] as const;
export type NounClass = (typeof NOUN_CLASSES)[number];

const sensesSchema = z.object({ classes: z.record(z.string(), z.array(z.string())) });
const KNOWN = new Set<string>(NOUN_CLASSES);

export type NounClasses = ReadonlyMap<string, NounClass>;

let table: NounClasses | undefined;

/**
 * The class of each noun's most frequent sense, by term key ("guitar" → artifact, "tokyo" → location).
 * Read once. A missing or corrupt table is an empty map (the features say nothing) rather than a stop;
 * `npm run build:senses` writes it again.
 */
export function nounClasses(file = SENSES_FILE): NounClasses {
  if (table && file === SENSES_FILE) return table;
  const loaded = new Map<string, NounClass>();
  try {
    const parsed = sensesSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) {
      for (const [name, keys] of Object.entries(parsed.data.classes)) if (KNOWN.has(name)) for (const key of keys) loaded.set(key, name as NounClass);
    }
  } catch {
    // An unreadable table: no classes.
  }
  if (file === SENSES_FILE) table = loaded;
  return loaded;
}
