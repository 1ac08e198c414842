import MiniSearch, { type Options } from 'minisearch';

/**
 * A compact, fast-to-load form of a MiniSearch 7 index. MiniSearch's own `toJSON` writes every posting as
 * an object key (`{"12345": 2}`), and `loadJS` parses those keys back to numbers: at 100,000 paragraphs
 * that JSON is 85+ MB of small objects, the slowest part of a warm start. Here the numbers go to one
 * Int32Array (written as raw bytes) and only strings go to JSON. The in-memory index is rebuilt exactly
 * as `loadJS` rebuilds it (same private fields, same values; tests compare search results). Stored
 * fields are not kept: the index stores none (`storeFields: []`), so MiniSearch only held empty objects.
 */
export interface PackedMeta {
  documentCount: number;
  nextId: number;
  dirtCount: number;
  fieldIds: Record<string, number>;
  averageFieldLength: number[];
  /** External ids, in the order of the short ids in the body. */
  ids: string[];
  terms: string[];
  /** Length of the Int32 body, to tell a truncated file. */
  bodyLength: number;
}

/** The private state of MiniSearch 7 that `loadJS` writes (pinned version; tests/index/cache.test.ts round-trips it). */
interface Internals {
  _index: Iterable<[string, Map<number, Map<number, number>>]> & { set(term: string, data: Map<number, Map<number, number>>): void };
  _documentCount: number;
  _nextId: number;
  _dirtCount: number;
  _fieldIds: Record<string, number>;
  _avgFieldLength: number[];
  _documentIds: Map<number, string>;
  _idToShortId: Map<string, number>;
  _fieldLength: Map<number, number[]>;
  _storedFields: Map<number, unknown>;
}

/**
 * Body layout: for each document, its short id then one length per field (-1 when absent); then for
 * each term (in `terms` order) the number of fields it occurs in, and per field: field id, posting
 * count, then (short id, frequency) pairs.
 */
export function packIndex(search: MiniSearch<any>): { meta: PackedMeta; body: Int32Array } {
  const ms = search as unknown as Internals;
  const fieldCount = Object.keys(ms._fieldIds).length;
  let length = ms._documentIds.size * (1 + fieldCount);
  for (const [, data] of ms._index) {
    length += 1;
    for (const postings of data.values()) length += 2 + 2 * postings.size;
  }
  const body = new Int32Array(length);
  let at = 0;
  const ids: string[] = [];
  for (const [shortId, id] of ms._documentIds) {
    ids.push(id);
    body[at++] = shortId;
    const lengths = ms._fieldLength.get(shortId) ?? [];
    for (let f = 0; f < fieldCount; f++) body[at++] = lengths[f] ?? -1;
  }
  const terms: string[] = [];
  for (const [term, data] of ms._index) {
    terms.push(term);
    body[at++] = data.size;
    for (const [fieldId, postings] of data) {
      body[at++] = fieldId;
      body[at++] = postings.size;
      for (const [doc, freq] of postings) {
        body[at++] = doc;
        body[at++] = freq;
      }
    }
  }
  if (at !== length) throw new Error(`packIndex: wrote ${at} numbers, expected ${length}`);
  return {
    meta: { documentCount: ms._documentCount, nextId: ms._nextId, dirtCount: ms._dirtCount, fieldIds: ms._fieldIds, averageFieldLength: ms._avgFieldLength, ids, terms, bodyLength: length },
    body,
  };
}

/** Rebuilds a MiniSearch index from `packIndex` output; throws on any inconsistency (a corrupt file). */
export function unpackIndex<T>(meta: PackedMeta, body: Int32Array, options: Options<T>): MiniSearch<T> {
  if (body.length !== meta.bodyLength) throw new Error(`its index data is ${body.length} numbers long, expected ${meta.bodyLength}`);
  const search = new MiniSearch<T>(options);
  const ms = search as unknown as Internals;
  const fieldCount = Object.keys(meta.fieldIds).length;
  if (JSON.stringify(Object.keys(meta.fieldIds)) !== JSON.stringify(Object.keys(ms._fieldIds))) throw new Error('its fields differ from the index options');
  ms._documentCount = meta.documentCount;
  ms._nextId = meta.nextId;
  ms._dirtCount = meta.dirtCount;
  ms._fieldIds = meta.fieldIds;
  ms._avgFieldLength = meta.averageFieldLength;
  let at = 0;
  const need = (n: number) => {
    if (at + n > body.length) throw new Error('its index data ends early');
  };
  need(meta.ids.length * (1 + fieldCount));
  for (const id of meta.ids) {
    const shortId = body[at++]!;
    const lengths: number[] = [];
    for (let f = 0; f < fieldCount; f++) {
      const value = body[at++]!;
      if (value >= 0) lengths[f] = value;
    }
    ms._documentIds.set(shortId, id);
    ms._idToShortId.set(id, shortId);
    ms._fieldLength.set(shortId, lengths);
  }
  for (const term of meta.terms) {
    need(1);
    const fields = body[at++]!;
    const data = new Map<number, Map<number, number>>();
    for (let f = 0; f < fields; f++) {
      need(2);
      const fieldId = body[at++]!;
      const count = body[at++]!;
      need(2 * count);
      const postings = new Map<number, number>();
      for (let i = 0; i < count; i++) {
        const doc = body[at++]!;
        postings.set(doc, body[at++]!);
      }
      data.set(fieldId, postings);
    }
    ms._index.set(term, data);
  }
  if (at !== body.length) throw new Error('its index data has trailing numbers');
  if (ms._documentIds.size !== meta.documentCount + meta.dirtCount && ms._documentIds.size !== meta.documentCount) {
    throw new Error(`it lists ${ms._documentIds.size} documents for a count of ${meta.documentCount}`);
  }
  return search;
}
