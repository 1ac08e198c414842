/**
 * Hashed feature names: a feature is a 32-bit hash of its name, and a cross of two features is a mix of
 * their hashes, so a candidate's features are integers computed without building strings on the hot path.
 * The model holds one weight per bucket (`hash mod buckets`); collisions are rare and harmless.
 */

/** FNV-1a over the UTF-16 code units of a string. */
export function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The hash of the pair (a, b): order matters, and mix(a, b) never equals a or b in practice. */
export function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 15), 0xc2b2ae35);
  h ^= h >>> 13;
  return h >>> 0;
}

const names = new Map<string, number>();

/** `hashName`, memoised: the same few thousand feature names recur for every question. */
export function atom(name: string): number {
  let h = names.get(name);
  if (h === undefined) {
    h = hashName(name);
    if (names.size < 1_000_000) names.set(name, h);
  }
  return h;
}
