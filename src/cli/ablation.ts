import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { readSquad, type SquadDataset } from '../eval/squad.js';
import { openIndex } from '../index/openIndex.js';
import { FEATURE_FAMILIES, type FeatureFamily } from '../qa/features.js';
import { evaluateGold, readGoldSet, type GoldSet } from '../qa/goldSet.js';
import { train } from '../train/train.js';
import { tuneThreshold } from '../train/tune.js';
import { exitQuietlyOnBrokenPipe, readCommandLine } from './io.js';

const USAGE = `Usage: npm run ablation -- --squad FILE [--limit N] [--epochs N] [--tune FILE] [--only FAMILY,...]
  What each feature family buys: trains the answer model with every family, then once without each,
  on the first N articles of the training file (default 100; the full file takes a full training each),
  and measures each on the tuning file (default data/squad/squad11-dev-part1.json) answering everything
  and at its own abstain threshold, and on the paraphrase sets (right answers and right declines).
  Prints a Markdown table; writes no model.`;

async function main(): Promise<number> {
  exitQuietlyOnBrokenPipe();
  const args = readCommandLine({
    options: {
      squad: { type: 'string' }, limit: { type: 'string', default: '100' }, epochs: { type: 'string', default: '4' },
      tune: { type: 'string', default: 'data/squad/squad11-dev-part1.json' }, only: { type: 'string', default: '' },
    },
  }, USAGE);
  if (typeof args === 'number') return args;
  const { values } = args;
  if (!values.squad) {
    process.stderr.write(`ablation: --squad FILE is required\n${USAGE}\n`);
    return 2;
  }
  const load = async (file: string): Promise<SquadDataset | undefined> => {
    const parsed = await readSquad(file);
    if (!parsed.ok) process.stderr.write(`ablation: ${parsed.message}\n`);
    return parsed.ok ? parsed.value : undefined;
  };
  const [training, tune] = [await load(values.squad), await load(values.tune)];
  if (!training || !tune) return 1;
  const only = values.only ? values.only.split(',') : [...FEATURE_FAMILIES];
  const runs: Array<{ label: string; families: Set<FeatureFamily> }> = [
    { label: 'all families', families: new Set(FEATURE_FAMILIES) },
    ...FEATURE_FAMILIES.filter((f) => only.includes(f)).map((f) => ({ label: `without ${f}`, families: new Set(FEATURE_FAMILIES.filter((g) => g !== f)) })),
  ];
  // The paraphrase sets are measured too (never tuned on): the library with data/paraphrase, the news articles with data/news/gold.
  const paraphraseSets = [
    { index: await openIndex('data'), files: await goldFiles('data/paraphrase') },
    { index: await openIndex('data/news'), files: await goldFiles('data/news/gold') },
  ];
  process.stdout.write('| model | F1 (answering all) | EM (answering all) | F1 | EM | answered | false answers | paraphrase sets right | seconds |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n');
  let base: number | undefined;
  for (const run of runs) {
    const started = Date.now();
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K  ${run.label}: training`);
    const { model } = train(training, { seed: 1, epochs: Number(values.epochs), buckets: 1 << 21, readSentences: 10, families: run.families, limitArticles: Number(values.limit) });
    const tuned = tuneThreshold(model, tune);
    if ('error' in tuned) {
      process.stderr.write(`ablation: ${tuned.error}\n`);
      return 1;
    }
    const all = tuned.answeringAll;
    let right = 0;
    let asked = 0;
    for (const set of paraphraseSets) {
      for (const gold of set.files) {
        const summary = evaluateGold(set.index, gold, { model });
        right += summary.correct + summary.declined;
        asked += summary.answerable + summary.unanswerable;
      }
    }
    base ??= all.f1;
    const delta = run.label === 'all families' ? '' : ` (${(all.f1 - base >= 0 ? '+' : '')}${(all.f1 - base).toFixed(2)})`;
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    process.stdout.write(`| ${run.label} | ${all.f1.toFixed(2)}${delta} | ${all.exact_match.toFixed(2)} | ${tuned.report.f1.toFixed(2)} | ${tuned.report.exact_match.toFixed(2)} | ${tuned.report.answered_rate} | ${tuned.report.false_answer_rate} | ${right}/${asked} | ${Math.round((Date.now() - started) / 1000)} |\n`);
  }
  return 0;
}

async function goldFiles(dir: string): Promise<GoldSet[]> {
  const names = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(names.map((n) => readGoldSet(path.join(dir, n))));
}

process.exitCode = await main();
