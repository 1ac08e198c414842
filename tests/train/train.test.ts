import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readModel } from '../../src/qa/model.js';
import { EXPECTED_F1_DECODING } from '../../src/qa/pick.js';
import { runScript } from '../cli/run.js';
import { ROOT } from '../helpers.js';

let dir: string;
let trainFile: string;
const tuneFile = path.join(ROOT, 'tests/fixtures/tiny-squad.json');

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'train-'));
  // A small training file: the first paragraphs of two in-repo SQuAD articles (only the mechanics are tested here).
  const dev = JSON.parse(await readFile(path.join(ROOT, 'data/squad/squad11-dev-part1.json'), 'utf8'));
  const small = { version: '1.1', data: dev.data.slice(0, 2).map((a: { title: string; paragraphs: unknown[] }) => ({ ...a, paragraphs: a.paragraphs.slice(0, 3) })) };
  trainFile = path.join(dir, 'small-train.json');
  await writeFile(trainFile, JSON.stringify(small));
});

describe('npm run train', () => {
  it('GIVEN the same file and seed twice THEN the same model file, byte for byte, with its provenance and figures', async () => {
    const a = path.join(dir, 'a.json');
    const b = path.join(dir, 'b.json');
    const args = (out: string) => ['--squad', trainFile, '--tune', tuneFile, '--out', out, '--seed', '7', '--epochs', '2'];
    const [first, second] = [await runScript('src/cli/train.ts', args(a)), await runScript('src/cli/train.ts', args(b))];
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    const [bytesA, bytesB] = [await readFile(a, 'utf8'), await readFile(b, 'utf8')];
    expect(bytesA).toBe(bytesB);
    const model = readModel(a);
    expect(model.ok).toBe(true);
    if (!model.ok) return;
    const sha = (await import('node:crypto')).createHash('sha256').update(await readFile(trainFile)).digest('hex');
    expect(model.model.training).toMatchObject({ sha256: sha, seed: 7, epochs: 2, average: 3, expectedF1: 8, file: 'small-train.json', indexOptions: expect.stringContaining('stem=true') });
    expect(model.model.training.figures).toMatchObject({ train: { questions: expect.any(Number), heldOutF1: expect.any(Number) }, part1: { f1: expect.any(Number) } });
    expect(JSON.parse(first.stdout)).toMatchObject({ model: a, version: model.model.version });
    // Calibrated on the winners it will show: the ones its decoding picks.
    expect(model.model.decoding).toEqual(EXPECTED_F1_DECODING);
  }, 120_000);

  it('GIVEN --rerank --pick best --bucket-bits 16 THEN the model file carries the trees that rerank the best ten, reads back with them and its 2^16 buckets, and has no decoding', async () => {
    const out = path.join(dir, 'reranked.json');
    const result = await runScript('src/cli/train.ts', ['--squad', trainFile, '--tune', tuneFile, '--out', out, '--epochs', '2', '--rerank', '--pick', 'best', '--bucket-bits', '16']);
    expect(result.code, result.stderr).toBe(0);
    const model = readModel(out);
    expect(model.ok).toBe(true);
    if (!model.ok) return;
    expect(model.model.mask + 1).toBe(2 ** 16);
    expect(model.model.weights).toHaveLength(2 ** 16);
    expect(model.model.reranker).toMatchObject({ keep: 10, booster: { trees: expect.any(Array) } });
    expect(model.model.reranker!.booster.trees).toHaveLength(200);
    expect(model.model.training).toMatchObject({ reranker: { keep: 10, trees: 200 } });
    // --pick best: no decoding, the (reranked) best score wins.
    expect(model.model.decoding).toBeUndefined();
  }, 120_000);

  it('GIVEN no --squad THEN it says the training set is required, with the usage, and writes nothing', async () => {
    const result = await runScript('src/cli/train.ts', []);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--squad FILE is required/);
    expect(result.stderr).toMatch(/Usage: npm run train/);
  });

  // One child process a case: on a slow machine six in a row outlast one test's time limit.
  it('GIVEN a missing training file THEN one clear line', async () => {
    const missing = await runScript('src/cli/train.ts', ['--squad', path.join(dir, 'nope.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(`train: ${path.join(dir, 'nope.json')}: no such file`);
  });

  it.each([
    [['--without', 'colour'], /^train: unknown feature family colour/],
    [['--expected-f1', 'much'], /^train: --expected-f1 must be a number ≥ 0, not much/],
    [['--pick', 'longest'], /^train: --pick must be expected-f1 or best, not longest/],
    [['--bucket-bits', '30'], /^train: --bucket-bits must be between 16 and 24, not 30/],
  ])('GIVEN the bad option %j THEN one clear line and the usage exit code', async (option, message) => {
    const bad = await runScript('src/cli/train.ts', ['--squad', trainFile, ...option]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(message);
  });
});
