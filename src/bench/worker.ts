import { statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import MiniSearch from 'minisearch';
import { loadCorpus } from '../corpus/loadCorpus.js';
import { buildIndex, type SearchIndex } from '../index/buildIndex.js';
import { saveIndexCache } from '../index/cache.js';
import { cachePath, openIndex } from '../index/openIndex.js';
import { ask } from '../qa/ask.js';
import { DEFAULT_TERM_SETTINGS } from '../index/options.js';
import { progressLine } from '../index/progress.js';
import { analyzeQuestion } from '../qa/analyzeQuestion.js';
import { searchParagraphs } from '../qa/retrieve.js';
import { bestOver, exactMatch, f1Score } from '../qa/squadMetric.js';
import { buildNaive, NAIVE_OPTIONS, NAIVE_SEARCH } from './naive.js';
import { heap, quantile, timeEach, type MeasuredFigures } from './stats.js';
import type { BenchQuestion } from './squad.js';

export type WorkerMode = 'ours-cold' | 'ours-warm' | 'naive';

/** What one measuring process reports. Times in ms, sizes in bytes. */
export interface WorkerResult extends MeasuredFigures {
  mode: WorkerMode;
  paragraphs: number;
  /** Reading and parsing the article files. */
  loadCorpusMs?: number;
  buildMs?: number;
  saveMs?: number;
  /** Cold start: corpus + build + save (ours) or corpus + build (naive). */
  coldMs?: number;
  /** Warm start: corpus + loading the serialised index. */
  warmMs?: number;
  /** Parsing the serialised index alone. */
  loadIndexMs?: number;
  meanMs?: number;
  maxMs?: number;
  /** Share of questions whose gold paragraph is the first / among the first 8 paragraphs retrieved. */
  hit1?: number;
  hit8?: number;
  /** SQuAD exact match and F1 (×100) of the short answers (ours only). */
  em?: number;
  f1?: number;
  /** Ours: the paragraph stage alone (fast path), and with exact MiniSearch ranking with its quality. */
  retrieval?: { p50Ms: number; p99Ms: number };
  exactRetrieval?: { p50Ms: number; p99Ms: number; hit1: number; hit8: number; em: number; f1: number };
}

/** Times `run` over each question after a few warm-up questions (JIT, lazy lexicons), returning per-question ms. */
function latency(times: number[]) {
  return {
    questions: times.length,
    p50Ms: quantile(times, 0.5),
    p99Ms: quantile(times, 0.99),
    meanMs: times.reduce((a, b) => a + b, 0) / Math.max(1, times.length),
    maxMs: Math.max(...times),
  };
}

export async function runWorker(mode: WorkerMode, dataDir: string, questions: BenchQuestion[], warmup: BenchQuestion[]): Promise<WorkerResult> {
  if (mode === 'ours-cold') {
    await rm(cachePath(dataDir), { force: true });
    const t0 = performance.now();
    const corpus = await loadCorpus(dataDir);
    const t1 = performance.now();
    const progress = progressLine('Indexing');
    const index = buildIndex(corpus, DEFAULT_TERM_SETTINGS, { onProgress: (d, t) => progress.update(d, t) });
    progress.done();
    const t2 = performance.now();
    await saveIndexCache(dataDir, index);
    const t3 = performance.now();
    const paragraphs = corpus.paragraphById.size;
    return { mode, paragraphs, loadCorpusMs: t1 - t0, buildMs: t2 - t1, saveMs: t3 - t2, coldMs: t3 - t0, indexBytes: statSync(cachePath(dataDir)).size, ...heap() };
  }
  if (mode === 'ours-warm') {
    const t0 = performance.now();
    let warned = '';
    const index = await openIndex(dataDir, { onWarning: (m) => (warned = m) });
    const warmMs = performance.now() - t0;
    if (warned) throw new Error(`bench: the warm start did not load the cache: ${warned}`);
    const memory = heap();
    // Latency first, while the per-sentence analysis caches are as cold as a fresh question finds them.
    const times = timeEach(questions, warmup, (q) => ask(index, q.question));
    // The paragraph stage alone, fast path vs exact MiniSearch ranking (what it replaced), same questions.
    const analyses = new Map(questions.map((q) => [q, analyzeQuestion(q.question)] as const));
    const retrievalFast = timeEach(questions, warmup, (q) => searchParagraphs(index, analyses.get(q) ?? analyzeQuestion(q.question)));
    index.ranking = { maxDriverDf: Infinity };
    const retrievalExact = timeEach(questions, warmup, (q) => searchParagraphs(index, analyses.get(q) ?? analyzeQuestion(q.question)));
    const exact = oursQuality(index, questions);
    index.ranking = undefined;
    const quality = oursQuality(index, questions);
    return {
      mode, paragraphs: index.corpus.paragraphById.size, warmMs, ...memory, ...latency(times), ...quality,
      retrieval: { p50Ms: quantile(retrievalFast, 0.5), p99Ms: quantile(retrievalFast, 0.99) },
      exactRetrieval: { p50Ms: quantile(retrievalExact, 0.5), p99Ms: quantile(retrievalExact, 0.99), ...exact },
    };
  }
  const t0 = performance.now();
  const corpus = await loadCorpus(dataDir);
  const t1 = performance.now();
  const search = buildNaive(corpus);
  const t2 = performance.now();
  const memory = heap();
  const json = JSON.stringify(search);
  const t3 = performance.now();
  MiniSearch.loadJSON(json, NAIVE_OPTIONS);
  const loadIndexMs = performance.now() - t3;
  let hit1 = 0;
  let hit8 = 0;
  const times = timeEach(questions, warmup, (q) => {
    const results = search.search(q.question, NAIVE_SEARCH);
    if (results[0]?.id === q.paragraphId) hit1++;
    if (results.slice(0, 8).some((r) => r.id === q.paragraphId)) hit8++;
  }, () => {
    // Warm-up questions are not counted.
    hit1 = 0;
    hit8 = 0;
  });
  return {
    mode, paragraphs: corpus.paragraphById.size, loadCorpusMs: t1 - t0, buildMs: t2 - t1, coldMs: t2 - t0, loadIndexMs,
    warmMs: t1 - t0 + loadIndexMs, indexBytes: Buffer.byteLength(json), ...memory, ...latency(times),
    hit1: hit1 / questions.length, hit8: hit8 / questions.length,
  };
}

function oursQuality(index: SearchIndex, questions: BenchQuestion[]) {
  let hit1 = 0;
  let hit8 = 0;
  let em = 0;
  let f1 = 0;
  for (const q of questions) {
    const top = searchParagraphs(index, analyzeQuestion(q.question)).slice(0, 8);
    if (top[0]?.id === q.paragraphId) hit1++;
    if (top.some((r) => r.id === q.paragraphId)) hit8++;
    const answer = ask(index, q.question).answer ?? '';
    em += bestOver(exactMatch, answer, q.answers);
    f1 += bestOver(f1Score, answer, q.answers);
  }
  const n = Math.max(1, questions.length);
  return { hit1: hit1 / n, hit8: hit8 / n, em: (100 * em) / n, f1: (100 * f1) / n };
}
