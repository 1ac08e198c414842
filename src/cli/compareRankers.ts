import { mulberry32 } from '../bench/random.js';
import { readSquad, squadQuestions, type SquadDataset } from '../eval/squad.js';
import { FEATURE_FAMILIES } from '../qa/features.js';
import type { ExampleStore } from '../train/examples.js';
import { fitRanker } from '../train/fit.js';
import { boosterScore } from '../qa/trees.js';
import { binnedRows, densestColumns, fitBooster } from '../train/gbdt.js';
import { bestCandidates, fitReranker, joinStores } from '../train/rerank.js';
import { collectExamples, EXPECTED_F1_WEIGHT } from '../train/train.js';
import { exitQuietlyOnBrokenPipe, readCommandLine } from './io.js';

const USAGE = `Usage: npm run compare:rankers -- --squad FILE [--limit N] [--columns N] [--trees N] [--no-dense] [--tune FILE]
  Log-linear ranker or gradient-boosted trees? Collects the candidates of the first N training articles
  (default 60) and of every question of the tuning file (default data/squad/squad11-dev-part1.json), the
  bot's own way, then fits on the same training candidates and the same loss:
    - the log-linear ranker on every hashed feature (the bot's model),
    - the log-linear ranker on only the N densest columns (default 128),
    - gradient-boosted trees on those same columns (default 200 trees of depth 6),
    - the log-linear ranker's best ten, reranked by trees over those columns and its own scores,
  and prints each one's F1 and EM on the tuning file answering everything, with its fitting time.
  --no-dense leaves out the two dense-column rows (trees over every candidate of the full training set take an hour).`;

const BUCKETS = 1 << 21;
const READ_SENTENCES = 10;

async function main(): Promise<number> {
  exitQuietlyOnBrokenPipe();
  const args = readCommandLine({
    options: {
      squad: { type: 'string' }, limit: { type: 'string', default: '60' }, columns: { type: 'string', default: '128' },
      trees: { type: 'string', default: '200' }, 'no-dense': { type: 'boolean', default: false }, tune: { type: 'string', default: 'data/squad/squad11-dev-part1.json' },
    },
  }, USAGE);
  if (typeof args === 'number') return args;
  const { values } = args;
  if (!values.squad) {
    process.stderr.write(`compare:rankers: --squad FILE is required\n${USAGE}\n`);
    return 2;
  }
  const load = async (file: string): Promise<SquadDataset | undefined> => {
    const parsed = await readSquad(file);
    if (!parsed.ok) process.stderr.write(`compare:rankers: ${parsed.message}\n`);
    return parsed.ok ? parsed.value : undefined;
  };
  const [training, tune] = [await load(values.squad), await load(values.tune)];
  if (!training || !tune) return 1;
  const say = (line: string) => process.stderr.write(`  ${line}\n`);
  const families = new Set(FEATURE_FAMILIES);
  const limit = Number(values.limit);
  const trainQuestions = squadQuestions(training).filter((q) => q.article < limit);
  // Two halves by article, for the stacked row's out-of-fold scores; the other rows fit on both.
  const random = mulberry32(1 ^ 0x5eed);
  const halves = [0, 1].map((half) => collectExamples(training, trainQuestions.filter((q) => q.article % 2 === half), {
    buckets: BUCKETS, readSentences: READ_SENTENCES, families, sample: { rate: 0.5, random },
  }));
  const store = joinStores(halves);
  const tuneQuestions = squadQuestions(tune);
  const held = collectExamples(tune, tuneQuestions, { buckets: BUCKETS, readSentences: READ_SENTENCES, families });
  say(`${store.questions} training questions (${store.candidates} candidates), ${held.questions} tuning questions (${held.candidates} candidates)`);

  const rows: string[] = [];
  const report = (name: string, seconds: number, score: (k: number) => number) => {
    const { f1, em } = answeringAll(held, tuneQuestions.length, score);
    rows.push(`| ${name} | ${f1.toFixed(2)} | ${em.toFixed(2)} | ${seconds.toFixed(0)} |`);
    say(rows.at(-1)!);
  };

  let started = Date.now();
  const weights = fitRanker(store, { buckets: BUCKETS, epochs: 4, seed: 1, expectedF1: EXPECTED_F1_WEIGHT });
  const linearSeconds = (Date.now() - started) / 1000;
  report('log-linear, every hashed feature', linearSeconds, (k) => held.score(weights, k));

  if (!values['no-dense']) {
    const columns = densestColumns(store, Number(values.columns));
    started = Date.now();
    const denseOnly = onlyColumns(store, columns.buckets);
    const denseWeights = fitRanker(denseOnly, { buckets: BUCKETS, epochs: 4, seed: 1, expectedF1: EXPECTED_F1_WEIGHT });
    report(`log-linear, ${columns.buckets.length} densest columns`, (Date.now() - started) / 1000, (k) => held.score(denseWeights, k));

    started = Date.now();
    const trainRows = binnedRows(store, columns);
    const booster = fitBooster(store, trainRows, columns.buckets.length, {
      trees: Number(values.trees), depth: 6, learningRate: 0.1, lambda: 1, subsample: 0.5, expectedF1: EXPECTED_F1_WEIGHT, seed: 1,
      onTree: (t) => t % 20 === 0 && say(`trees: ${t}/${values.trees}`),
    });
    const seconds = (Date.now() - started) / 1000;
    const heldRows = binnedRows(held, columns);
    report(`gradient-boosted trees, ${columns.buckets.length} densest columns`, seconds, (k) => boosterScore(booster, heldRows, k));
  }

  // Stacked: the log-linear ranker's best ten, reranked by trees over the densest columns and its own scores.
  // The trees learn on scores the ranker gives questions it was not fitted on (each half scored by the
  // ranker fitted on the other), so they learn how far to trust it on new questions.
  started = Date.now();
  const stacked = fitReranker([halves[0]!, halves[1]!], {
    buckets: BUCKETS, epochs: 4, seed: 1, expectedF1: EXPECTED_F1_WEIGHT, trees: Number(values.trees), columns: Number(values.columns),
    onTree: (t) => t % 20 === 0 && say(`stacked trees: ${t}/${values.trees}`),
  });
  const stackSeconds = (Date.now() - started) / 1000;
  const heldBest = bestCandidates(held, (k) => held.score(weights, k), stacked.keep);
  const heldBestRows = binnedRows(heldBest, stacked.columns);
  const { f1, em } = answeringAll(heldBest, tuneQuestions.length, (k) => boosterScore(stacked.booster, heldBestRows, k));
  rows.push(`| log-linear's best ${stacked.keep}, reranked by trees over ${stacked.columns.buckets.length} columns and its scores | ${f1.toFixed(2)} | ${em.toFixed(2)} | ${(linearSeconds + stackSeconds).toFixed(0)} |`);
  say(rows.at(-1)!);

  process.stdout.write(`| ranker (${limit} training articles) | F1 (answering all) | EM (answering all) | fitting seconds |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n`);
  return 0;
}

/** F1 and EM (in %) over every question of the tuning file when each answers its best-scored candidate. */
function answeringAll(store: ExampleStore, questions: number, score: (k: number) => number): { f1: number; em: number } {
  const { f1, em } = store.picked(score);
  return { f1: (100 * f1) / questions, em: (100 * em) / questions };
}

/** A copy of the store whose feature entries outside the chosen buckets weigh nothing. */
function onlyColumns(store: ExampleStore, buckets: Uint32Array): ExampleStore {
  const keep = new Set(buckets);
  const copy = Object.assign(Object.create(Object.getPrototypeOf(store) as object) as ExampleStore, store, { value: store.value.slice() });
  for (let e = 0; e < store.entries; e++) if (!keep.has(store.index[e]!)) copy.value[e] = 0;
  return copy;
}

process.exitCode = await main();
