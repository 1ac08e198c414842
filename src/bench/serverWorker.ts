import { statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { buildCorpus } from '../corpus/loadCorpus.js';
import { inScope, ownerOf } from '../corpus/scope.js';
import { buildIndex, type SearchIndex } from '../index/buildIndex.js';
import { cachePath, openIndex } from '../index/openIndex.js';
import { analyzeQuestion } from '../qa/analyzeQuestion.js';
import { ask } from '../qa/ask.js';
import { searchParagraphs } from '../qa/retrieve.js';
import { bestOver, f1Score } from '../qa/squadMetric.js';
import type { ServerQuestion } from './servers.js';
import { heap, quantile, timeEach, type MeasuredFigures } from './stats.js';

export type ServerWorkerMode = 'servers-cold' | 'servers-warm' | 'servers-per-scope';

/** What one measuring process reports for the many-servers corpus. Times in ms, sizes in bytes. */
export interface ServerWorkerResult extends MeasuredFigures {
  mode: ServerWorkerMode;
  paragraphs: number;
  articles: number;
  coldMs?: number;
  warmMs?: number;
  /** Share of questions whose gold paragraph (the asking server's own copy) ranks first in its scope. */
  hit1?: number;
  f1?: number;
  /** Cited passages (citations and "more") from outside the asker's scope: must be 0. */
  leaks?: number;
  /** One index per scope (library + one server), measured on `sampled` servers. */
  perScope?: {
    sampled: number;
    buildMsEach: number;
    heapBytesEach: number;
    /** The same questions on the shared index (scoped) and on each question's own per-scope index, side by side. */
    questions: number;
    sharedP50Ms: number;
    sharedP99Ms: number;
    perScopeP50Ms: number;
    perScopeP99Ms: number;
    /** Questions whose answer and first citation are the same on both. */
    sameAnswers: number;
  };
}

const askIn = (index: SearchIndex, q: ServerQuestion) => ask(index, q.question, { scope: { server: q.server } });

export async function runServerWorker(mode: ServerWorkerMode, dataDir: string, questions: ServerQuestion[], warmup: ServerQuestion[]): Promise<ServerWorkerResult> {
  if (mode === 'servers-cold') {
    await rm(cachePath(dataDir), { force: true });
    const t0 = performance.now();
    const index = await openIndex(dataDir, { onWarning: () => undefined, progress: false });
    const coldMs = performance.now() - t0;
    return { mode, ...size(index), coldMs, indexBytes: statSync(cachePath(dataDir)).size, ...heap() };
  }
  const t0 = performance.now();
  let warned = '';
  const index = await openIndex(dataDir, { onWarning: (m) => (warned = m), progress: false });
  const warmMs = performance.now() - t0;
  if (warned) throw new Error(`bench: the warm start did not load the cache: ${warned}`);
  const memory = heap();
  if (mode === 'servers-warm') {
    const latency = timeEach(questions, warmup, (q) => askIn(index, q));
    let hit1 = 0;
    let f1 = 0;
    let leaks = 0;
    for (const q of questions) {
      const top = searchParagraphs(index, analyzeQuestion(q.question), { scope: { server: q.server } })[0];
      if (top?.id === q.paragraphId) hit1++;
      const answer = askIn(index, q);
      f1 += bestOver(f1Score, answer.answer ?? '', q.answers);
      leaks += [...answer.citations, ...answer.more].filter((c) => !inScope({ server: q.server }, c.id)).length;
    }
    const n = Math.max(1, questions.length);
    return {
      mode, ...size(index), warmMs, ...memory, questions: questions.length,
      p50Ms: quantile(latency, 0.5), p99Ms: quantile(latency, 0.99), hit1: hit1 / n, f1: (100 * f1) / n, leaks,
    };
  }
  // One index per scope: the library and one server's articles in an index of their own.
  const sampledServers = [...new Set(questions.map((q) => q.server))].slice(0, 50);
  const library = index.corpus.articles.filter((a) => ownerOf(a.id) === undefined);
  const before = heap().heapUsedBytes;
  const perScope = new Map<string, SearchIndex>();
  const b0 = performance.now();
  for (const server of sampledServers) {
    perScope.set(server, buildIndex(buildCorpus([...library, ...index.corpus.articles.filter((a) => ownerOf(a.id) === server)])));
  }
  const buildMs = performance.now() - b0;
  const heapBytes = heap().heapUsedBytes - before;
  const subset = questions.filter((q) => perScope.has(q.server));
  const warm = warmup.filter((q) => perScope.has(q.server));
  // Both see every question once first (the sentence-analysis caches are shared by the two, since the
  // per-scope indexes hold the same article objects), then alternate, so neither is timed on colder caches.
  for (const q of [...warm, ...subset]) {
    askIn(index, q);
    askIn(perScope.get(q.server)!, q);
  }
  const shared: number[] = [];
  const separate: number[] = [];
  subset.forEach((q, i) => {
    const runs: Array<[SearchIndex, number[]]> = [[index, shared], [perScope.get(q.server)!, separate]];
    for (const [target, into] of i % 2 ? runs.reverse() : runs) {
      const t = performance.now();
      askIn(target, q);
      into.push(performance.now() - t);
    }
  });
  let same = 0;
  for (const q of subset) {
    const a = askIn(index, q);
    const b = askIn(perScope.get(q.server)!, q);
    if (a.answer === b.answer && a.citations[0]?.id === b.citations[0]?.id) same++;
  }
  return {
    mode, ...size(index), warmMs, ...memory,
    perScope: {
      sampled: sampledServers.length,
      buildMsEach: buildMs / Math.max(1, sampledServers.length),
      heapBytesEach: heapBytes / Math.max(1, sampledServers.length),
      questions: subset.length,
      sharedP50Ms: quantile(shared, 0.5),
      sharedP99Ms: quantile(shared, 0.99),
      perScopeP50Ms: quantile(separate, 0.5),
      perScopeP99Ms: quantile(separate, 0.99),
      sameAnswers: same,
    },
  };
}

function size(index: SearchIndex): { paragraphs: number; articles: number } {
  return { paragraphs: index.corpus.paragraphById.size, articles: index.corpus.articles.length };
}
