import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TAGGER } from '../../src/qa/tagger.js';
import { CONFIDENCE_INPUTS, MODEL_FILE, calibrate, confidenceInputs, modelFromJson, readModel, scoreFeatures, type WinnerStanding } from '../../src/qa/model.js';
import { FEATURE_FAMILIES } from '../../src/qa/features.js';
import { modelFileOf } from '../../src/train/modelFile.js';
import { EXPECTED_F1_DECODING } from '../../src/qa/pick.js';
import { reranker as rerankerOf, rerankScores, STAGE_ONE_BUCKETS } from '../../src/qa/rerank.js';

async function tempFile(name: string, content: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'model-'));
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

describe('the answer model file', () => {
  it('GIVEN the committed model THEN it loads, with every feature family, a threshold and its training provenance', () => {
    const result = readModel();
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.model.version).toMatch(/^loglinear-[0-9a-f]{12}$/);
    expect([...result.model.families]).toEqual([...FEATURE_FAMILIES]);
    expect(result.model.abstainBelow).toBeGreaterThan(0);
    expect(result.model.training).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), seed: expect.any(Number), indexOptions: expect.any(String) });
  });

  it('GIVEN no model file THEN one line names the file and npm run train', () => {
    const result = readModel(path.join(os.tmpdir(), 'no-such-dir', 'answer-model.json'));
    expect(result).toMatchObject({ ok: false });
    if (result.ok) return;
    expect(result.message).toMatch(/answer-model\.json is missing; run `npm run train/);
    expect(result.message).not.toContain('\n');
  });

  it('GIVEN a half-written model file THEN one clear line, not an exception', async () => {
    const whole = await readFile(MODEL_FILE, 'utf8');
    const file = await tempFile('answer-model.json', whole.slice(0, Math.floor(whole.length / 2)));
    const result = readModel(file);
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.message).toBe(`answer model ${file} is not valid JSON (half-written or corrupt?); run \`npm run train -- --squad FILE\` to write a new one`);
  });

  it('GIVEN a JSON file of another shape THEN the message says where it is wrong', async () => {
    const result = readModel(await tempFile('m.json', JSON.stringify({ format: 1, version: 'x' })));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/not a valid model file \(at families: .*\); run `npm run train/);
  });

  it('GIVEN a model trained on another tagger\'s tags THEN it is refused in one line that says so', () => {
    const model = { version: '', families: new Set(FEATURE_FAMILIES), mask: 7, weights: new Float32Array(8), readSentences: 4, calibration: CONFIDENCE_INPUTS.map(() => 0), abstainBelow: 0.3, training: {} };
    const file = modelFileOf(model, {});
    expect(file.tagger).toBe(TAGGER);
    expect(modelFromJson({ ...file, tagger: 'compromise@14.17.0' }, 'm.json')).toEqual({
      ok: false, message: `answer model m.json was trained on the tags of compromise@14.17.0, not of ${TAGGER}; run \`npm run train -- --squad FILE\` to write a new one`,
    });
    const { tagger: _, ...untagged } = file;
    expect(modelFromJson(untagged, 'm.json')).toMatchObject({ ok: false, message: expect.stringMatching(/^answer model m\.json is not a valid model file \(at tagger: /) });
  });

  it('GIVEN weights outside the buckets THEN it is refused', () => {
    const model = { version: '', families: new Set(FEATURE_FAMILIES), mask: 7, weights: new Float32Array(8).fill(0.5), readSentences: 4, calibration: CONFIDENCE_INPUTS.map(() => 0), abstainBelow: 0.3, training: {} };
    const file = modelFileOf(model, {});
    expect(modelFromJson({ ...file, buckets: 4 }).ok).toBe(false);
  });

  it('GIVEN a model written and read back THEN the weights, calibration and threshold are the same, and the version is a hash of them', () => {
    const weights = new Float32Array(16);
    weights[3] = 1.5;
    weights[9] = -0.25;
    const model = { version: '', families: new Set(FEATURE_FAMILIES), mask: 15, weights, readSentences: 6, calibration: CONFIDENCE_INPUTS.map((_, i) => i / 10), abstainBelow: 0.42, training: { seed: 3 } };
    const file = modelFileOf(model, { seed: 3 });
    const back = modelFromJson(JSON.parse(JSON.stringify(file)));
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    // Stored as Int16 with one scale: within max|w| / 32767 of what was written.
    back.model.weights.forEach((w, i) => expect(Math.abs(w - weights[i]!)).toBeLessThanOrEqual(1.5 / 32767));
    expect(back.model.weights[3]).toBe(1.5);
    expect(back.model).toMatchObject({ readSentences: 6, abstainBelow: 0.42, version: file.version });
    expect(back.model.calibration).toEqual(model.calibration);
    expect(modelFileOf({ ...model, weights: weights.map((w) => w * 2) }, {}).version).not.toBe(file.version);
    // A feature's hash is taken modulo the buckets.
    expect(scoreFeatures(back.model, { hashes: [3 + 16 * 5, 9], values: [2, 1] })).toBeCloseTo(2 * 1.5 - 0.25, 3);
  });

  it('GIVEN a reranker written and read back THEN its trees score the same; a tree pointing outside itself is one clear line', () => {
    const tree = { column: Int32Array.from([0, -1, -1]), bin: Uint8Array.from([0, 0, 0]), left: Int32Array.from([1, -1, -1]), right: Int32Array.from([2, -1, -1]), value: Float64Array.from([0, -0.5, 0.125]) };
    const reranker = rerankerOf(2, { buckets: Uint32Array.from([STAGE_ONE_BUCKETS.rank]), edges: [Float64Array.from([0, 1])] }, { width: 1, trees: [tree] });
    const model = { version: '', families: new Set(FEATURE_FAMILIES), mask: 7, weights: new Float32Array(8), readSentences: 4, calibration: CONFIDENCE_INPUTS.map(() => 0), abstainBelow: 0.3, reranker, training: {} };
    const file = modelFileOf(model, {});
    const back = modelFromJson(JSON.parse(JSON.stringify(file)));
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    const candidates = [0, 1].map((rank) => ({ index: [STAGE_ONE_BUCKETS.rank], value: [rank] }));
    expect(rerankScores(back.model.reranker!, candidates)).toEqual([-0.5, 0.125]);
    expect(file.version).not.toBe(modelFileOf({ ...model, reranker: undefined }, {}).version);
    const broken = { ...file, reranker: { ...file.reranker!, trees: [{ ...file.reranker!.trees[0]!, left: [7, -1, -1] }] } };
    const result = modelFromJson(JSON.parse(JSON.stringify(broken)), 'm.json');
    expect(result).toEqual({ ok: false, message: 'answer model m.json has a broken reranker (tree 0 node 0 points outside the tree); run `npm run train -- --squad FILE` to write a new one' });
  });

  it('GIVEN a decoding written and read back THEN it is the same and part of the version; a file without one picks the best score', () => {
    const model = { version: '', families: new Set(FEATURE_FAMILIES), mask: 7, weights: new Float32Array(8), readSentences: 4, calibration: CONFIDENCE_INPUTS.map(() => 0), abstainBelow: 0.3, training: {} };
    const plain = modelFileOf(model, {});
    const decoded = modelFileOf({ ...model, decoding: EXPECTED_F1_DECODING }, {});
    expect(plain).not.toHaveProperty('decoding');
    expect(decoded.version).not.toBe(plain.version);
    const back = modelFromJson(JSON.parse(JSON.stringify(decoded)));
    expect(back.ok && back.model.decoding).toEqual(EXPECTED_F1_DECODING);
    const older = modelFromJson(JSON.parse(JSON.stringify(plain)));
    expect(older.ok && older.model.decoding).toBeUndefined();
    const broken = modelFromJson({ ...decoded, decoding: { rule: 'expected-f1', top: 0, within: 1 } }, 'm.json');
    expect(broken).toMatchObject({ ok: false, message: expect.stringMatching(/^answer model m\.json is not a valid model file \(at decoding\.top: /) });
  });

  it('GIVEN calibrator weights THEN the confidence is their logistic', () => {
    expect(calibrate([0, 0], [1, 1])).toBe(0.5);
    expect(calibrate([2, -1], [1, 0.5])).toBeCloseTo(1 / (1 + Math.exp(-1.5)));
  });

  it('GIVEN a winner\'s standing THEN one calibrator input per name, each binned share in exactly one of its eleven bins, exactly 1 in the last', () => {
    const standing: WinnerStanding = {
      logit: 2, runnerUp: 1, probability: 0.4, candidates: 30, sentenceCoverage: 1, paragraphCoverage: 0.8, sentenceRank: 0, answerType: 'date',
      questionInArticles: 0.55, bestSentenceCoverage: 0.999, largestMissingWord: 0.3, answerAgreement: 0.6, kinds: ['np', 'reason'],
    };
    const inputs = confidenceInputs(standing);
    expect(inputs).toHaveLength(CONFIDENCE_INPUTS.length);
    const named = Object.fromEntries(CONFIDENCE_INPUTS.map((name, i) => [name, inputs[i]]));
    expect(named).toMatchObject({ largest_missing_word: 0.3, answer_agreement: 0.6, type_date: 1, type_person: 0, kind_matches_type: 0, kind_misses_type: 1 });
    const dated = Object.fromEntries(CONFIDENCE_INPUTS.map((name, i) => [name, confidenceInputs({ ...standing, kinds: ['date'] })[i]]));
    expect(dated).toMatchObject({ kind_matches_type: 1, kind_misses_type: 0 });
    const open = Object.fromEntries(CONFIDENCE_INPUTS.map((name, i) => [name, confidenceInputs({ ...standing, answerType: 'phrase' })[i]]));
    expect(open).toMatchObject({ kind_matches_type: 0, kind_misses_type: 0 });
    const hot = (prefix: string) => CONFIDENCE_INPUTS.filter((name, i) => name.startsWith(`${prefix}_bin`) && inputs[i] === 1);
    expect(hot('question_in_articles')).toEqual(['question_in_articles_bin5']);
    expect(hot('best_sentence_coverage')).toEqual(['best_sentence_coverage_bin9']);
    expect(hot('sentence_coverage')).toEqual(['sentence_coverage_bin10']);
  });
});
