import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Where the related-word table lives (built by `npm run build:related` from WordNet, committed). */
export const RELATED_FILE = fileURLToPath(new URL('../../data/model/related-terms.json', import.meta.url));

const relatedSchema = z.object({ related: z.record(z.string(), z.array(z.string())) });

export type RelatedTerms = ReadonlyMap<string, readonly string[]>;

let table: RelatedTerms | undefined;

/**
 * Term keys related to a term key: WordNet synonyms and derivations ("purchas" → "buy", "leader" →
 * "lead"). Read once. A missing or corrupt table leaves matching to exact words and stems (an empty map)
 * rather than stopping the bot; `npm run build:related` writes it again.
 */
export function relatedTerms(file = RELATED_FILE): RelatedTerms {
  if (table && file === RELATED_FILE) return table;
  let loaded: RelatedTerms;
  try {
    const parsed = relatedSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    loaded = parsed.success ? new Map(Object.entries(parsed.data.related)) : new Map();
  } catch {
    loaded = new Map();
  }
  if (file === RELATED_FILE) table = loaded;
  return loaded;
}
