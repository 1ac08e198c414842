import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseSquad } from '../eval/squad.js';
import { optionsFingerprint } from '../index/options.js';
import { FEATURE_FAMILIES, type FeatureFamily } from '../qa/features.js';
import { MODEL_FILE } from '../qa/model.js';
import { EXPECTED_F1_DECODING } from '../qa/pick.js';
import { asStored, modelFileOf, writeModelFile } from '../train/modelFile.js';
import { RERANKER_SHAPE } from '../train/rerank.js';
import { EXPECTED_F1_WEIGHT, train } from '../train/train.js';
import { tuneThreshold } from '../train/tune.js';
import { exitQuietlyOnBrokenPipe, readCommandLine } from './io.js';

const DEFAULT_TUNE = 'data/squad/squad11-dev-part1.json';
/** Hashed feature buckets, as a power of two (see docs/quality.md, "how many hashed buckets"). */
const BUCKET_BITS = 21;

const USAGE = `Usage: npm run train -- --squad FILE [--out PATH] [--seed N] [--epochs N] [--average N] [--expected-f1 W] [--pick RULE] [--rerank] [--tune FILE] [--without FAMILY,...] [--limit N]
  Trains the answer model on a SQuAD v1.1 training file (the official train-v1.1.json; it is not in the repository)
  and writes it atomically (default ${path.relative(process.cwd(), MODEL_FILE)}).
  --squad FILE      the training set (required; it is not in the repo)
  --out PATH        where to write the model
  --seed N          seed for the shuffles and the sampled negatives (default 1)
  --epochs N        passes over the training questions (default 4)
  --average N       rankers fitted in other orders and averaged (default 3; 1 fits one)
  --expected-f1 W   weight of the expected-F1 term beside the likelihood in the ranker's loss (default ${EXPECTED_F1_WEIGHT})
  --pick RULE       how the winner is picked: expected-f1 (default; see src/qa/pick.ts) or best (the best score)
  --rerank          also fit trees that rerank the ranker's best ten (off by default: see docs/quality.md)
  --tune FILE       where the abstain threshold is chosen and figures measured (default ${DEFAULT_TUNE})
  --without LIST    leave feature families out (for the ablation): ${FEATURE_FAMILIES.join(', ')}
  --limit N         only the first N training articles (a quick run)
  --bucket-bits N   2^N hashed feature buckets (default ${BUCKET_BITS}; 16-24)`;

async function main(): Promise<number> {
  exitQuietlyOnBrokenPipe();
  const args = readCommandLine({
    options: {
      squad: { type: 'string' }, out: { type: 'string', default: MODEL_FILE }, seed: { type: 'string', default: '1' },
      epochs: { type: 'string', default: '4' }, 'expected-f1': { type: 'string', default: String(EXPECTED_F1_WEIGHT) }, pick: { type: 'string', default: 'expected-f1' },
      rerank: { type: 'boolean', default: false }, tune: { type: 'string', default: DEFAULT_TUNE }, without: { type: 'string', default: '' },
      limit: { type: 'string' }, average: { type: 'string', default: '3' }, 'read-sentences': { type: 'string', default: '10' },
      'bucket-bits': { type: 'string', default: String(BUCKET_BITS) },
    },
  }, USAGE);
  if (typeof args === 'number') return args;
  const { values } = args;
  if (!values.squad) {
    process.stderr.write(`train: --squad FILE is required (the SQuAD v1.1 training set; see docs/quality.md)\n${USAGE}\n`);
    return 2;
  }
  let seed: number;
  let epochs: number;
  let average: number;
  let expectedF1: number;
  let readSentences: number;
  let limit: number | undefined;
  let bucketBits: number;
  const without = values.without.split(',').map((s) => s.trim()).filter(Boolean);
  try {
    seed = wholeNumber(values.seed, 'seed');
    epochs = wholeNumber(values.epochs, 'epochs');
    average = wholeNumber(values.average, 'average');
    expectedF1 = Number(values['expected-f1']);
    if (!(expectedF1 >= 0)) throw new UsageError(`--expected-f1 must be a number ≥ 0, not ${values['expected-f1']}`);
    if (values.pick !== 'expected-f1' && values.pick !== 'best') throw new UsageError(`--pick must be expected-f1 or best, not ${values.pick}`);
    readSentences = wholeNumber(values['read-sentences'], 'read-sentences');
    limit = values.limit === undefined ? undefined : wholeNumber(values.limit, 'limit');
    bucketBits = wholeNumber(values['bucket-bits'], 'bucket-bits');
    if (bucketBits < 16 || bucketBits > 24) throw new UsageError(`--bucket-bits must be between 16 and 24, not ${bucketBits}`);
    const unknown = without.filter((f) => !(FEATURE_FAMILIES as readonly string[]).includes(f));
    if (unknown.length) throw new UsageError(`unknown feature family ${unknown.join(', ')}`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`train: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  const families = new Set(FEATURE_FAMILIES.filter((f) => !without.includes(f))) as Set<FeatureFamily>;

  const started = Date.now();
  const raw = await readOrSay(values.squad);
  if (raw === undefined) return 1;
  const sha256 = createHash('sha256').update(raw).digest('hex');
  const dataset = parseSquad(raw.toString('utf8'), values.squad);
  if (!dataset.ok) {
    process.stderr.write(`train: ${dataset.message}\n`);
    return 1;
  }
  const tuneRaw = await readOrSay(values.tune);
  if (tuneRaw === undefined) return 1;
  const tune = parseSquad(tuneRaw.toString('utf8'), values.tune);
  if (!tune.ok) {
    process.stderr.write(`train: ${tune.message}\n`);
    return 1;
  }

  const tty = process.stderr.isTTY;
  let last = 0;
  const progress = (line: string) => {
    const now = Date.now();
    if (!tty || now - last < 250) return;
    last = now;
    process.stderr.write(`\r\x1b[K  ${line} (${Math.round((now - started) / 1000)} s)`);
  };
  const done = (line: string) => process.stderr.write(`${tty ? '\r\x1b[K' : ''}  ${line} (${Math.round((Date.now() - started) / 1000)} s)\n`);
  const result = train(dataset.value, {
    seed, epochs, expectedF1, average, decoding: values.pick === 'best' ? null : EXPECTED_F1_DECODING, rerank: values.rerank, buckets: 2 ** bucketBits, readSentences, families, ...(limit !== undefined ? { limitArticles: limit } : {}),
    progress: (line) => (/loss/.test(line) ? done(line) : progress(line)),
  });
  done(`ranker: ${result.figures.rankerQuestions} questions, ${result.figures.candidatesPerQuestion} candidates each kept; train F1 ${result.figures.trainF1} (oracle ${result.figures.oracleF1}); held-out articles, answering all: F1 ${result.figures.heldOutF1}, EM ${result.figures.heldOutEM}`);

  // The abstain threshold: chosen on the tuning file, where each question is also asked of another article,
  // with the weights as the file will hold them.
  const model = asStored(result.model);
  const tuned = tuneThreshold(model, tune.value, (n, total) => progress(`tuning: ${n}/${total} questions`));
  if ('error' in tuned) {
    process.stderr.write(`train: ${tuned.error}\n`);
    return 1;
  }
  const { threshold, report } = tuned;
  const part1 = {
    file: path.basename(values.tune), exact_match: report.exact_match, f1: report.f1, hit_at_1: report.hit_at_1,
    answered_rate: report.answered_rate, false_answer_rate: report.false_answer_rate, declined_without_answer: report.declined_without_answer, abstain_below: threshold,
    answering_all: { exact_match: tuned.answeringAll.exact_match, f1: tuned.answeringAll.f1 },
  };
  const seconds = Math.round((Date.now() - started) / 1000);
  done(`${path.basename(values.tune)}: F1 ${report.f1}, EM ${report.exact_match}, hit@1 ${report.hit_at_1}, answered ${report.answered_rate}, false answers ${report.false_answer_rate}, declined without the answer ${report.declined_without_answer} at threshold ${threshold}`);

  // Written from the training weights themselves: quantising them again would move the scale by a rounding.
  const content = modelFileOf({ ...result.model, abstainBelow: model.abstainBelow }, {
    file: path.basename(values.squad), sha256, seed, epochs, average, expectedF1, ...(values.rerank ? { reranker: RERANKER_SHAPE } : {}), readSentences, families: [...families],
    indexOptions: optionsFingerprint(), negativeRate: 0.5, holdOutEvery: 10,
    figures: { train: result.figures, part1 },
  });
  await writeModelFile(values.out, content);
  process.stdout.write(`${JSON.stringify({ model: values.out, version: content.version, seconds, train: result.figures, part1 })}\n`);
  return 0;
}

class UsageError extends Error {}

function wholeNumber(text: string | undefined, name: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive whole number, not ${JSON.stringify(text)}`);
  return n;
}

async function readOrSay(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    process.stderr.write(`train: ${file}: ${code === 'ENOENT' ? 'no such file' : String(error)}\n`);
    return undefined;
  }
}

process.exitCode = await main();
