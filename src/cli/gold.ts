import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeArticleError, openIndex } from '../index/openIndex.js';
import { evaluateGold, readGoldSet } from '../qa/goldSet.js';
import { exitQuietlyOnBrokenPipe } from './io.js';

/**
 * `npm run gold`: asks every question of data/gold/*.json through `ask` and prints how many were
 * answered correctly, cited the right passage, and (for unanswerable ones) were declined.
 */
async function main(): Promise<number> {
  exitQuietlyOnBrokenPipe();
  const { values } = parseArgs({ options: { data: { type: 'string', default: 'data' }, verbose: { type: 'boolean', short: 'v', default: false } } });
  const index = await openIndex(values.data, { onArticleError: (e) => process.stderr.write(`${describeArticleError(e)}\n`) });
  const goldDir = path.join(values.data, 'gold');
  const files = (await readdir(goldDir)).filter((f) => f.endsWith('.json')).sort();
  for (const file of files) {
    const summary = evaluateGold(index, await readGoldSet(path.join(goldDir, file)));
    const pct = (n: number, d: number) => `${n}/${d} (${((100 * n) / Math.max(1, d)).toFixed(1)}%)`;
    process.stdout.write(
      [
        `${file}:`,
        `  correct short answer   ${pct(summary.correct, summary.answerable)}`,
        `  cites the passage      ${pct(summary.cited, summary.answerable)}`,
        `  unanswerable declined  ${pct(summary.declined, summary.unanswerable)}`,
        '',
      ].join('\n'),
    );
    for (const r of summary.results) {
      if (values.verbose || !r.correct || (r.gold.answers && !r.cited)) {
        process.stdout.write(`  ${r.correct ? 'ok  ' : 'MISS'} ${r.gold.question} → ${r.answer.answer ?? '(declined)'} [${r.answer.confidence}]\n`);
      }
    }
  }
  return 0;
}

process.exitCode = await main();
