import type MiniSearch from 'minisearch';
import { LIBRARY, ownerOf, type Scope } from '../corpus/scope.js';

/** The parts of MiniSearch 7's private state read here (pinned version; tests/index/scope.test.ts covers them). */
interface Internals {
  _documentIds: Map<number, string>;
  _fieldLength: Map<number, number[]>;
  _fieldIds: Record<string, number>;
  _nextId: number;
  _documentCount: number;
}

/** Which owner (the library or one server) each indexed paragraph belongs to, by MiniSearch's short doc id. */
interface OwnerTable {
  /** Changes whenever a document is added or removed, so a stale table is rebuilt. */
  version: string;
  /** Owner code per short id: 0 the library, 1… a server, -1 no such document. */
  codeOf: Int32Array;
  serverCode: Map<string, number>;
  /** Short ids per owner code, in index order. */
  docs: number[][];
  /** Per owner code, the summed length of each field (for the scope's average field length). */
  lengthSums: number[][];
}

const tables = new WeakMap<object, OwnerTable>();

function ownerTable(search: MiniSearch<any>): OwnerTable {
  const ms = search as unknown as Internals;
  const version = `${ms._nextId}:${ms._documentCount}`;
  const cached = tables.get(search);
  if (cached?.version === version) return cached;
  const fields = Object.keys(ms._fieldIds).length;
  const codeOf = new Int32Array(ms._nextId).fill(-1);
  const serverCode = new Map<string, number>();
  const docs: number[][] = [[]];
  const lengthSums: number[][] = [new Array<number>(fields).fill(0)];
  for (const [short, id] of ms._documentIds) {
    const owner = ownerOf(id);
    let code = 0;
    if (owner !== undefined) {
      code = serverCode.get(owner) ?? -1;
      if (code < 0) {
        code = docs.length;
        serverCode.set(owner, code);
        docs.push([]);
        lengthSums.push(new Array<number>(fields).fill(0));
      }
    }
    codeOf[short] = code;
    docs[code]!.push(short);
    const lengths = ms._fieldLength.get(short);
    if (lengths) for (let f = 0; f < fields; f++) lengthSums[code]![f]! += lengths[f] ?? 0;
  }
  const table = { version, codeOf, serverCode, docs, lengthSums };
  tables.set(search, table);
  return table;
}

/** The paragraphs of one scope, as the ranker walks and counts them. */
export interface ScopeDocs {
  /** The scope holds every indexed paragraph (no other server has any): rank exactly as without a scope. */
  whole: boolean;
  /** How many paragraphs are in scope. */
  size: number;
  has(doc: number): boolean;
  /** The scope's short ids, owner by owner (library first). */
  lists: number[][];
  /** Average length of each field (by field id) over the scope's paragraphs, as BM25 needs. */
  avgFieldLength: number[];
}

/**
 * The paragraphs a scope may read, resolved against the index: the library's and, when the scope names a
 * server, that server's. A server with no articles has the library alone.
 */
export function scopeDocs(search: MiniSearch<any>, scope: Scope = LIBRARY): ScopeDocs {
  const table = ownerTable(search);
  const codes = [0];
  const server = scope.server === undefined ? undefined : table.serverCode.get(scope.server);
  if (server !== undefined) codes.push(server);
  const lists = codes.map((c) => table.docs[c]!);
  const size = lists.reduce((n, l) => n + l.length, 0);
  const fields = table.lengthSums[0]!.length;
  const avgFieldLength = Array.from({ length: fields }, (_, f) => (size ? codes.reduce((sum, c) => sum + table.lengthSums[c]![f]!, 0) / size : 0));
  const { codeOf } = table;
  const other = server ?? -2;
  return {
    whole: size === (search as unknown as Internals)._documentCount,
    size,
    has: (doc) => {
      const code = doc < codeOf.length ? codeOf[doc]! : -1;
      return code === 0 || code === other;
    },
    lists,
    avgFieldLength,
  };
}

/** How many of `postings`' documents are in scope, walking whichever of the two is shorter. */
export function countInScope(postings: ReadonlyMap<number, unknown>, docs: ScopeDocs): number {
  let count = 0;
  if (postings.size <= docs.size) {
    for (const doc of postings.keys()) if (docs.has(doc)) count++;
  } else {
    for (const list of docs.lists) for (const doc of list) if (postings.has(doc)) count++;
  }
  return count;
}

/** The in-scope documents of `postings` (walking whichever of the two is shorter: in postings order, or in scope order). */
export function docsInScope(postings: ReadonlyMap<number, unknown>, docs: ScopeDocs): number[] {
  const out: number[] = [];
  if (postings.size <= docs.size) {
    for (const doc of postings.keys()) if (docs.has(doc)) out.push(doc);
  } else {
    for (const list of docs.lists) for (const doc of list) if (postings.has(doc)) out.push(doc);
  }
  return out;
}
