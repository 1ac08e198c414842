import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileReport, formatCounts, sectionReport, sumCounts, type GoldSectionReport } from '../eval/goldReport.js';
import type { SearchIndex } from '../index/buildIndex.js';
import { describeArticleError, openIndex } from '../index/openIndex.js';
import { evaluateGold, readGoldSet, type GoldSummary } from '../qa/goldSet.js';
import { chooseAnswerer, exitQuietlyOnBrokenPipe, readCommandLine } from './io.js';

/**
 * `npm run gold`: asks every question of the question sets through `ask` and prints how many were answered
 * correctly, cited the right passage, and (for unanswerable ones) were declined. Three sections, each with
 * its own index, so the figures of one never mix with another's:
 *
 * - gold: `data/gold/*.json` on the library (`data/articles`), printed per file as it always was;
 * - paraphrase: `data/paraphrase/*.json` on the same library: questions typed the way people type in Discord;
 * - news: `data/news/gold/*.json` on the real news articles of `data/news/articles`, indexed on their own.
 *
 * The paraphrase and news sets are measurement only: never trained or tuned on (docs/quality.md).
 * `--json` prints the same counts as one object instead.
 */
interface Section {
  name: 'gold' | 'paraphrase' | 'news';
  /** Where the question files are. */
  questions: string;
  /** The data folder whose `articles/` the questions are about (what `openIndex` opens). */
  articles: string;
}

function sections(dataDir: string): Section[] {
  return [
    { name: 'gold', questions: path.join(dataDir, 'gold'), articles: dataDir },
    { name: 'paraphrase', questions: path.join(dataDir, 'paraphrase'), articles: dataDir },
    { name: 'news', questions: path.join(dataDir, 'news', 'gold'), articles: path.join(dataDir, 'news') },
  ];
}

async function questionFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function printMisses(summary: GoldSummary, verbose: boolean): void {
  for (const r of summary.results) {
    if (verbose || !r.correct || (r.gold.answers && !r.cited)) {
      process.stdout.write(`  ${r.correct ? 'ok  ' : 'MISS'} ${r.gold.question} → ${r.answer.answer ?? '(declined)'} [${r.answer.confidence}]\n`);
    }
  }
}

const USAGE = `Usage: npm run gold -- [--data DIR] [--verbose] [--json] [--answerer rules|model]
  Asks every question of DIR/gold, DIR/paraphrase and DIR/news/gold (default DIR: data) and prints, per file
  and section, how many were answered right, cited the right passage and (unanswerable) were declined.
  --verbose, -v   every question with the bot's answer, not only the misses
  --json          the same counts as one object`;

async function main(): Promise<number> {
  exitQuietlyOnBrokenPipe();
  const args = readCommandLine({
    options: {
      data: { type: 'string', default: 'data' },
      verbose: { type: 'boolean', short: 'v', default: false },
      json: { type: 'boolean', default: false },
      answerer: { type: 'string' },
    },
  }, USAGE);
  if (typeof args === 'number') return args;
  const { values } = args;
  if (!chooseAnswerer(values.answerer)) return 2;
  const text = !values.json;
  const indexes = new Map<string, Promise<SearchIndex>>();
  const indexFor = (dataDir: string) => {
    if (!indexes.has(dataDir)) {
      indexes.set(dataDir, openIndex(dataDir, { onArticleError: (e) => process.stderr.write(`${describeArticleError(e)}\n`) }));
    }
    return indexes.get(dataDir)!;
  };

  const reports: GoldSectionReport[] = [];
  for (const section of sections(values.data)) {
    const files = await questionFiles(section.questions);
    const where = path.relative(values.data, section.questions) || '.';
    if (text && section.name !== 'gold') process.stdout.write(`== ${section.name}: ${path.join(section.questions, '*.json')} ==\n`);
    if (text && files.length === 0) process.stdout.write(`(no question files in ${section.questions})\n\n`);
    const fileReports = [];
    for (const file of files) {
      const index = await indexFor(section.articles);
      const gold = await readGoldSet(path.join(section.questions, file));
      if (!index.corpus.articleById.has(gold.article)) {
        process.stderr.write(`warning: ${path.join(section.questions, file)} is about "${gold.article}", which is not in ${path.join(section.articles, 'articles')}\n`);
      }
      const summary = evaluateGold(index, gold);
      fileReports.push(fileReport(path.join(where, file), summary));
      if (text) {
        process.stdout.write(formatCounts(file, summary));
        printMisses(summary, values.verbose);
      }
    }
    const report = sectionReport(section.name, fileReports);
    reports.push(report);
    if (text && section.name !== 'gold' && files.length > 0) process.stdout.write(`\n${formatCounts(`${section.name} total (${files.length} file${files.length === 1 ? '' : 's'})`, report)}\n`);
  }

  // The paraphrase sets together: the figure the answer model is judged by, apart from the gold set it was written against.
  const paraphraseSets = reports.filter((r) => r.name !== 'gold');
  const overall = sumCounts(paraphraseSets);
  if (text) process.stdout.write(formatCounts(`overall (${paraphraseSets.map((r) => r.name).join(' + ')})`, overall));
  else {
    const bySection = Object.fromEntries(reports.map(({ name, ...rest }) => [name, rest]));
    process.stdout.write(`${JSON.stringify({ ...bySection, overall }, null, 2)}\n`);
  }
  return 0;
}

process.exitCode = await main();
