/**
 * A faster front door to compromise's bulk matcher, with the same results. For each sentence, compromise's
 * `getHooks` walks every key of a match net's hooks (the thousands of words and tags its tagging rules start
 * from) and asks whether the sentence has it; a question has a few dozen. That walk is 9% of a trained-model
 * answer in a CPU profile of the bundled questions, about 4% timed (docs/performance.md). Handing the matcher a net whose hooks hold only the keys the
 * document has, in the net's own key order, makes it find the same rules in the same order, so it tags the
 * same (tests/qa/tagger.test.ts compares with compromise's own matcher).
 */

type Hooks = Record<string, unknown[]>;
interface Net {
  hooks: Hooks;
  [other: string]: unknown;
}
type CacheDoc = (document: unknown[]) => Array<Set<string>>;
type BulkMatch = (document: unknown[], net: Net, methods: unknown, opts?: unknown) => unknown;
interface SweepMethods {
  one: { bulkMatch: BulkMatch; cacheDoc: CacheDoc };
}

/** Each net's hook keys in its own order (a key's position), computed once per net. */
const keyOrder = new WeakMap<Hooks, Map<string, number>>();

function orderOf(hooks: Hooks): Map<string, number> {
  let order = keyOrder.get(hooks);
  if (!order) {
    order = new Map(Object.keys(hooks).map((k, i) => [k, i]));
    keyOrder.set(hooks, order);
  }
  return order;
}

/** The net's hooks narrowed to the keys some sentence of the document has, in the net's key order. */
function narrowed(hooks: Hooks, caches: Array<Set<string>>): Hooks {
  const order = orderOf(hooks);
  const present = new Set<string>();
  for (const cache of caches) for (const key of cache) if (order.has(key)) present.add(key);
  const keys = [...present].sort((a, b) => order.get(a)! - order.get(b)!);
  const small: Hooks = {};
  for (const key of keys) small[key] = hooks[key]!;
  return small;
}

/**
 * Installs the narrowing on compromise's methods (`nlp.methods()`); returns the matcher it wrapped, so a
 * test can compare with it. The document's caches are computed once: the matcher's own call to `cacheDoc`
 * for the same document, made at once and before anything changes it, gets the ones already computed.
 */
export function narrowSweepHooks(methods: SweepMethods): BulkMatch {
  const original = methods.one.bulkMatch;
  const cacheDoc = methods.one.cacheDoc;
  let ready: { document: unknown[]; caches: Array<Set<string>> } | undefined;
  methods.one.cacheDoc = (document) => {
    if (ready?.document === document) {
      const { caches } = ready;
      ready = undefined;
      return caches;
    }
    return cacheDoc(document);
  };
  methods.one.bulkMatch = (document, net, rest, opts) => {
    const caches = cacheDoc(document);
    ready = { document, caches };
    try {
      return original(document, { ...net, hooks: narrowed(net.hooks, caches) }, rest, opts);
    } finally {
      ready = undefined;
    }
  };
  return original;
}
