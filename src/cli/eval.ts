import { writeFile } from 'node:fs/promises';
import { aggregate } from '../eval/aggregate.js';
import { formatReliability, formatReport } from '../eval/format.js';
import { candidateOracle } from '../eval/oracle.js';
import { reliability } from '../eval/threshold.js';
import { defaultAnswerer } from '../qa/ask.js';
import { defaultModel } from '../qa/model.js';
import { ABSTAIN_BELOW } from '../qa/rulesAnswer.js';
import { bestOver, exactMatch } from '../qa/squadMetric.js';
import { predictionsOf, runSquad } from '../eval/run.js';
import { readSquad } from '../eval/squad.js';
import { chooseAnswerer, exitQuietlyOnBrokenPipe, readCommandLine } from './io.js';

/** SQuAD v1.1 dev part 1, committed (with its attribution) so a fresh clone can measure itself. */
const DEFAULT_SQUAD = 'data/squad/squad11-dev-part1.json';

const USAGE = `Usage: npm run eval -- [--squad FILE] [--json] [--predictions OUT.json] [--limit N] [--articles FROM-TO] [--no-cross]
  Indexes each article of a SQuAD v1.1 file alone and asks its questions through the bot's own pipeline.
  --squad FILE         the SQuAD v1.1 file (default ${DEFAULT_SQUAD})
  --json               one JSON object instead of the table
  --predictions FILE   write {question id: answer} ("" where it declined), the official predictions format
  --limit N            only the first N articles
  --articles FROM-TO   only articles FROM..TO (1-based, inclusive), e.g. 13-24
  --no-cross           ask each question of its own article only: not of another article (no false-answer rate)
                       nor of its article without the answer's paragraph (no "declined, unsaid"); three times as fast
  --answerer NAME      rules or model (default: the ANSWERER variable, else rules)
  --oracle             instead: the best score any candidate could reach, by how many sentences are read
  --threshold X        decline below confidence X instead of the model's own threshold (0 answers everything:
                       the reliability table then covers every question)`;

async function main(): Promise<number> {
  exitQuietlyOnBrokenPipe();
  const args = readCommandLine({
    options: {
      squad: { type: 'string', default: DEFAULT_SQUAD },
      json: { type: 'boolean', default: false },
      predictions: { type: 'string' },
      limit: { type: 'string' },
      articles: { type: 'string' },
      'no-cross': { type: 'boolean', default: false },
      threshold: { type: 'string' },
      oracle: { type: 'boolean', default: false },
      answerer: { type: 'string' },
    },
  }, USAGE);
  if (typeof args === 'number') return args;
  const { values } = args;
  if (!chooseAnswerer(values.answerer)) return 2;
  const dataset = await readSquad(values.squad);
  if (!dataset.ok) {
    process.stderr.write(`eval: ${dataset.message}\n`);
    return 1;
  }
  const count = dataset.value.data.length;
  let from = 1;
  let to = count;
  if (values.articles) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(values.articles);
    if (!range) {
      process.stderr.write(`eval: --articles must look like 13-24, not ${JSON.stringify(values.articles)}\n`);
      return 2;
    }
    from = Number(range[1]);
    to = Number(range[2] ?? range[1]);
  }
  if (values.limit !== undefined) {
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) {
      process.stderr.write(`eval: --limit must be a positive whole number, not ${JSON.stringify(values.limit)}\n`);
      return 2;
    }
    to = Math.min(to, from + limit - 1);
  }
  from = Math.max(1, from);
  to = Math.min(count, to);
  const articles = Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from - 1 + i);

  const progress = process.stderr.isTTY
    ? (done: number, total: number) => {
        if (done % 25 === 0 || done === total) process.stderr.write(`\r  ${done}/${total} questions`);
        if (done === total) process.stderr.write('\r\x1b[K');
      }
    : undefined;
  if (values.oracle) {
    const rows = candidateOracle(dataset.value, articles);
    if (values.json) process.stdout.write(`${JSON.stringify({ file: values.squad, oracle: rows })}\n`);
    else {
      process.stdout.write('  sentences read   oracle F1   oracle EM   candidates per question\n');
      for (const r of rows) process.stdout.write(`  ${String(r.sentences).padEnd(14)} ${r.f1.toFixed(2).padStart(11)} ${r.exact_match.toFixed(2).padStart(11)} ${r.candidates.toFixed(1).padStart(12)}\n`);
    }
    return 0;
  }
  const answerer = defaultAnswerer();
  let model = answerer === 'model' ? defaultModel() : undefined;
  if (values.threshold !== undefined) {
    if (!model) {
      process.stderr.write('eval: --threshold is for the model answerer (--answerer model)\n');
      return 2;
    }
    const threshold = Number(values.threshold);
    if (!(threshold >= 0 && threshold <= 1)) {
      process.stderr.write(`eval: --threshold must be a number from 0 to 1, not ${JSON.stringify(values.threshold)}\n`);
      return 2;
    }
    model = { ...model, abstainBelow: threshold };
  }
  const started = Date.now();
  const run = runSquad(dataset.value, { articles, crossArticle: !values['no-cross'], withoutAnswer: !values['no-cross'], onProgress: progress, model });
  if (!run.ok) {
    process.stderr.write(`eval: ${run.message}\n`);
    return 1;
  }
  const report = aggregate(run.records);
  const bins = reliability(run.records, (r) => r.prediction !== null && bestOver(exactMatch, r.prediction, r.answers) === 1);
  if (values.predictions) await writeFile(values.predictions, `${JSON.stringify(predictionsOf(run.records))}\n`);
  const label = articles.length === count ? '' : `articles ${from}-${to} of ${count}`;
  if (values.json) {
    const about = { answerer, model: model?.version ?? 'rules', abstain_below: model?.abstainBelow ?? ABSTAIN_BELOW };
    process.stdout.write(`${JSON.stringify({ file: values.squad, articles: label || `all ${count}`, ...about, ...report, reliability: bins, seconds: (Date.now() - started) / 1000 })}\n`);
  } else {
    process.stdout.write(`${formatReport(report, label)}\n\n${formatReliability(bins)}\n  answerer ${answerer}${model ? ` (model ${model.version})` : ''}, declines below ${model?.abstainBelow ?? ABSTAIN_BELOW}\n  total time         ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  return 0;
}

process.exitCode = await main();
