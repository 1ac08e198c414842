import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCorpus } from '../corpus/loadCorpus.js';
import { buildIndex } from '../index/buildIndex.js';
import { ask, ANSWERERS, type Answerer } from '../qa/ask.js';
import { readGoldSet } from '../qa/goldSet.js';
import { loadDefaultModel } from '../qa/model.js';
import { quantile } from './stats.js';

export interface BundledTimes {
  questions: number;
  rounds: number;
  /** Per answerer: p50 and p99 per answer, in ms; absent when the model file cannot be read. */
  times: Partial<Record<Answerer, { p50Ms: number; p99Ms: number }>>;
}

const ROUNDS = 5;

/**
 * The bundled article's answer time, both answerers side by side in one process: every question of the
 * gold and paraphrase sets about it, once to warm the caches, then ROUNDS times each, the answerers taking
 * turns question by question so the shared machine's load falls on both alike.
 */
export async function timeBundled(dataDir = 'data'): Promise<BundledTimes> {
  const index = buildIndex(await loadCorpus(dataDir));
  const files = [
    ...(await readdir(path.join(dataDir, 'gold'))).map((f) => path.join(dataDir, 'gold', f)),
    ...(await readdir(path.join(dataDir, 'paraphrase'))).map((f) => path.join(dataDir, 'paraphrase', f)),
  ].filter((f) => f.endsWith('.json'));
  const questions = (await Promise.all(files.map(readGoldSet))).flatMap((g) => g.questions.map((q) => q.question));
  const answerers = ANSWERERS.filter((a) => a !== 'model' || loadDefaultModel().ok);
  const samples = new Map<Answerer, number[]>(answerers.map((a) => [a, []]));
  for (const answerer of answerers) for (const q of questions) ask(index, q, { answerer });
  for (let round = 0; round < ROUNDS; round++) {
    for (const q of questions) {
      for (const answerer of answerers) {
        const started = performance.now();
        ask(index, q, { answerer });
        samples.get(answerer)!.push(performance.now() - started);
      }
    }
  }
  const times: BundledTimes['times'] = {};
  for (const [answerer, values] of samples) times[answerer] = { p50Ms: quantile(values, 0.5), p99Ms: quantile(values, 0.99) };
  return { questions: questions.length, rounds: ROUNDS, times };
}

/** One line per answerer, with the ratio of the medians. */
export function bundledTable(b: BundledTimes): string {
  const lines = [`The bundled article (${b.questions} gold and paraphrase questions × ${b.rounds}, answerers taking turns):`];
  for (const [answerer, t] of Object.entries(b.times)) lines.push(`  ${answerer.padEnd(6)} p50 ${t.p50Ms.toFixed(3)} ms, p99 ${t.p99Ms.toFixed(3)} ms per answer`);
  if (b.times.rules && b.times.model) lines.push(`  model / rules at p50: ${(b.times.model.p50Ms / b.times.rules.p50Ms).toFixed(2)}×`);
  return lines.join('\n');
}
