import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { aggregate } from '../eval/aggregate.js';
import { formatReport } from '../eval/format.js';
import { predictionsOf, runSquad } from '../eval/run.js';
import { readSquad } from '../eval/squad.js';
import { exitQuietlyOnBrokenPipe } from './io.js';

/** SQuAD v1.1 dev part 1, committed (with its attribution) so a fresh clone can measure itself. */
const DEFAULT_SQUAD = 'data/squad/squad11-dev-part1.json';

const USAGE = `Usage: npm run eval -- [--squad FILE] [--json] [--predictions OUT.json] [--limit N] [--articles FROM-TO] [--no-cross]
  Indexes each article of a SQuAD v1.1 file alone and asks its questions through the bot's own pipeline.
  --squad FILE         the SQuAD v1.1 file (default ${DEFAULT_SQUAD})
  --json               one JSON object instead of the table
  --predictions FILE   write {question id: answer} ("" where it declined), the official predictions format
  --limit N            only the first N articles
  --articles FROM-TO   only articles FROM..TO (1-based, inclusive), e.g. 13-24
  --no-cross           skip asking each question against another article (no false-answer rate; twice as fast)`;

async function main(): Promise<number> {
  exitQuietlyOnBrokenPipe();
  let args;
  try {
    args = parseArgs({
      options: {
        squad: { type: 'string', default: DEFAULT_SQUAD },
        json: { type: 'boolean', default: false },
        predictions: { type: 'string' },
        limit: { type: 'string' },
        articles: { type: 'string' },
        'no-cross': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values } = args;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
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
  const started = Date.now();
  const run = runSquad(dataset.value, { articles, crossArticle: !values['no-cross'], onProgress: progress });
  if (!run.ok) {
    process.stderr.write(`eval: ${run.message}\n`);
    return 1;
  }
  const report = aggregate(run.records);
  if (values.predictions) await writeFile(values.predictions, `${JSON.stringify(predictionsOf(run.records))}\n`);
  const label = articles.length === count ? '' : `articles ${from}-${to} of ${count}`;
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ file: values.squad, articles: label || `all ${count}`, ...report, seconds: (Date.now() - started) / 1000 })}\n`);
  } else {
    process.stdout.write(`${formatReport(report, label)}\n  total time         ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  return 0;
}

process.exitCode = await main();
