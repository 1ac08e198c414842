import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { buildCorpus, loadCorpus } from '../corpus/loadCorpus.js';
import { squadArticle, readSquad } from '../eval/squad.js';
import { buildIndex, type SearchIndex } from '../index/buildIndex.js';
import { ANSWER_SEARCH, type TermSettings } from '../index/options.js';
import { analyzeQuestion } from '../qa/analyzeQuestion.js';
import { readGoldSet } from '../qa/goldSet.js';
import { exitQuietlyOnBrokenPipe, readCommandLine } from './io.js';

/**
 * `npm run measure:terms`: how paragraph retrieval (MiniSearch ranking, the first stage of answering)
 * changes with stemming and stop words, on our gold questions and on SQuAD. A hit is the paragraph that
 * holds the answer ranked first (hit@1) or among the first three (hit@3). This is what decided the
 * defaults in `src/index/options.ts`.
 */

interface Probe {
  index: SearchIndex;
  question: string;
  paragraphId: string;
}

const VARIANTS: Array<[string, TermSettings]> = [
  ['stemming + stop words (default)', { stemming: true, stopWords: true }],
  ['no stemming, stop words', { stemming: false, stopWords: true }],
  ['stemming, no stop words', { stemming: true, stopWords: false }],
  ['neither', { stemming: false, stopWords: false }],
];

function measure(probes: Probe[]): { hit1: number; hit3: number } {
  let hit1 = 0;
  let hit3 = 0;
  for (const { index, question, paragraphId } of probes) {
    const query = analyzeQuestion(question).terms.map((t) => t.text).join(' ');
    const ranked = index.search.search(query, ANSWER_SEARCH).slice(0, 3).map((r) => r.id);
    if (ranked[0] === paragraphId) hit1++;
    if (ranked.includes(paragraphId)) hit3++;
  }
  return { hit1: hit1 / probes.length, hit3: hit3 / probes.length };
}

async function goldProbes(dataDir: string, settings: TermSettings): Promise<Probe[]> {
  const index = buildIndex(await loadCorpus(dataDir), settings);
  const goldDir = path.join(dataDir, 'gold');
  const probes: Probe[] = [];
  for (const file of (await readdir(goldDir)).filter((f) => f.endsWith('.json'))) {
    const gold = await readGoldSet(path.join(goldDir, file));
    for (const q of gold.questions) if (q.answers && q.paragraph) probes.push({ index, question: q.question, paragraphId: `${gold.article}#p${q.paragraph}` });
  }
  return probes;
}

async function squadProbes(file: string, settings: TermSettings): Promise<Probe[]> {
  const read = await readSquad(file);
  if (!read.ok) throw new Error(read.message);
  const probes: Probe[] = [];
  for (const squad of read.value.data) {
    const article = squadArticle(squad);
    if (!article.ok) throw new Error(article.message);
    const index = buildIndex(buildCorpus([article.value]), settings);
    squad.paragraphs.forEach((p, i) => {
      for (const qa of p.qas) probes.push({ index, question: qa.question, paragraphId: `${article.value.id}#p${i + 1}` });
    });
  }
  return probes;
}

const USAGE = `Usage: npm run measure:terms -- [--data DIR] [--squad FILE]
  Paragraph retrieval hit@1 and hit@3 on the gold set of DIR (default data) and on a SQuAD file, for each
  way of matching words.`;

async function main(): Promise<number> {
  exitQuietlyOnBrokenPipe();
  const args = readCommandLine({ options: { data: { type: 'string', default: 'data' }, squad: { type: 'string', default: 'data/squad/squad11-dev-part1.json' } } }, USAGE);
  if (typeof args === 'number') return args;
  const { values } = args;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(7);
  process.stdout.write('paragraph retrieval        gold hit@1  gold hit@3  SQuAD hit@1  SQuAD hit@3\n');
  for (const [label, settings] of VARIANTS) {
    const gold = measure(await goldProbes(values.data, settings));
    const squad = measure(await squadProbes(values.squad, settings));
    process.stdout.write(`${label.padEnd(32)} ${pct(gold.hit1)}     ${pct(gold.hit3)}      ${pct(squad.hit1)}      ${pct(squad.hit3)}\n`);
  }
  return 0;
}

process.exitCode = await main();
