import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { SpanKind } from './candidates.js';
import { FEATURE_FAMILIES, type FeatureFamily, type FeatureVector } from './features.js';
import type { Decoding } from './pick.js';
import { TAGGER } from './tagger.js';
import { reranker, type Reranker } from './rerank.js';
import type { Tree } from './trees.js';

/**
 * The trained answer model: a log-linear ranker over hashed candidate features (a softmax over each
 * question's candidates, as the logistic-regression baseline of Rajpurkar et al. 2016), and a small
 * logistic calibrator that turns the winner's standing into the probability that it is right. The
 * weights are data (data/model/answer-model.json), written by `npm run train`; this module only reads
 * them.
 */

/** Where the bot looks for its model. */
export const MODEL_FILE = fileURLToPath(new URL('../../data/model/answer-model.json', import.meta.url));

/**
 * Three of the inputs are also given as eleven bins (tenths, and exactly 1), so the linear calibrator can
 * bend: on a long article almost every question word is present, and a question missing a fifth of them
 * is far more likely asked of the wrong article than a straight line says.
 */
const BINNED = ['question_in_articles', 'best_sentence_coverage', 'sentence_coverage'] as const;
const BINS = 11;

/** Inputs of the calibrator, in order; computed by `confidenceInputs`. */
export const CONFIDENCE_INPUTS = [
  'bias', 'probability', 'margin', 'logit', 'sentence_coverage', 'paragraph_coverage', 'top_sentence', 'log_candidates',
  'question_in_articles', 'best_sentence_coverage',
  'type_person', 'type_place', 'type_date', 'type_number', 'type_phrase', 'type_other',
  'largest_missing_word', 'answer_agreement', 'kind_matches_type', 'kind_misses_type',
  ...BINNED.flatMap((name) => Array.from({ length: BINS }, (_, b) => `${name}_bin${b}`)),
] as const;

const base64Bytes = z.string().transform((s) => Buffer.from(s, 'base64'));

const modelSchema = z.object({
  format: z.literal(1),
  version: z.string().min(1),
  families: z.array(z.enum(FEATURE_FAMILIES)),
  /** The tagger whose tags the features were read from (see `TAGGER`): another tagger's are not what it learned. */
  tagger: z.string(),
  buckets: z.number().int().positive().refine((n) => (n & (n - 1)) === 0, 'a power of two'),
  /**
   * Every bucket's weight (averaged training leaves few at zero, so dense is smallest), as Int16
   * little-endian, base64; weight = value × scale.
   */
  weights: z.object({ scale: z.number().positive(), values: base64Bytes }),
  /** How many retrieved sentences the ranker reads. */
  readSentences: z.number().int().positive(),
  calibration: z.object({ inputs: z.array(z.string()), weights: z.array(z.number()) }),
  /** Below this confidence the bot says the article does not say. */
  abstainBelow: z.number().min(0).max(1),
  /** Trees that rerank the ranker's best candidates (see rerank.ts); absent: the ranker's order stands. */
  reranker: z.object({
    keep: z.number().int().positive(),
    buckets: z.array(z.number().int().nonnegative()).min(1),
    edges: z.array(z.array(z.number()).min(1).max(256)),
    trees: z.array(z.object({
      column: z.array(z.number().int().min(-1)), bin: z.array(z.number().int().min(0).max(255)),
      left: z.array(z.number().int().min(-1)), right: z.array(z.number().int().min(-1)), value: z.array(z.number()),
    })),
  }).optional(),
  /** How the winner is picked from the scores (see pick.ts); absent, as in older files: the best score. */
  decoding: z.object({ rule: z.literal('expected-f1'), top: z.number().int().positive().max(1000), within: z.number().min(0) }).optional(),
  training: z.record(z.string(), z.unknown()),
});

export type ModelFile = z.input<typeof modelSchema>;

export interface AnswerModel {
  version: string;
  families: ReadonlySet<FeatureFamily>;
  mask: number;
  weights: Float32Array;
  readSentences: number;
  calibration: number[];
  abstainBelow: number;
  reranker?: Reranker | undefined;
  decoding?: Decoding | undefined;
  training: Record<string, unknown>;
}

export type ModelResult = { ok: true; model: AnswerModel } | { ok: false; message: string };

/** Validates a parsed model file and unpacks its weights. A bad file is a value naming what is wrong. */
export function modelFromJson(json: unknown, file = MODEL_FILE): ModelResult {
  const parsed = modelSchema.safeParse(json);
  const retrain = 'run `npm run train -- --squad FILE` to write a new one';
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, message: `answer model ${file} is not a valid model file (at ${issue.path.join('.') || 'top level'}: ${issue.message}); ${retrain}` };
  }
  const m = parsed.data;
  if (m.tagger !== TAGGER) return { ok: false, message: `answer model ${file} was trained on the tags of ${m.tagger}, not of ${TAGGER}; ${retrain}` };
  if (m.calibration.inputs.join() !== CONFIDENCE_INPUTS.join() || m.calibration.weights.length !== CONFIDENCE_INPUTS.length) {
    return { ok: false, message: `answer model ${file} was written for other confidence inputs; ${retrain}` };
  }
  if (m.weights.values.length !== 2 * m.buckets) {
    return { ok: false, message: `answer model ${file} has ${m.weights.values.length / 2} weights for its ${m.buckets} buckets; ${retrain}` };
  }
  const reranked = m.reranker && rerankerOf(m.reranker);
  if (typeof reranked === 'string') return { ok: false, message: `answer model ${file} has a broken reranker (${reranked}); ${retrain}` };
  // Copied out of the decoded buffer: a Buffer's offset in its pool need not be 2-byte aligned.
  const quantised = new Int16Array(Uint8Array.from(m.weights.values).buffer);
  const weights = new Float32Array(m.buckets);
  for (let i = 0; i < quantised.length; i++) weights[i] = quantised[i]! * m.weights.scale;
  return {
    ok: true,
    model: {
      version: m.version, families: new Set(m.families), mask: m.buckets - 1, weights, readSentences: m.readSentences,
      calibration: m.calibration.weights, abstainBelow: m.abstainBelow, reranker: reranked, decoding: m.decoding, training: m.training,
    },
  };
}

type RerankerFile = NonNullable<z.infer<typeof modelSchema>['reranker']>;

/** The reranker of a model file, or what is wrong with it: every tree's nodes in range, one edge list per column. */
function rerankerOf(r: RerankerFile): Reranker | string {
  if (r.edges.length !== r.buckets.length) return `${r.edges.length} edge lists for ${r.buckets.length} columns`;
  const trees: Tree[] = [];
  for (const [t, tree] of r.trees.entries()) {
    const n = tree.column.length;
    if ([tree.bin, tree.left, tree.right, tree.value].some((a) => a.length !== n)) return `tree ${t} has arrays of different lengths`;
    for (let i = 0; i < n; i++) {
      const inner = tree.column[i]! >= 0;
      if (inner && (tree.column[i]! >= r.buckets.length || !(tree.left[i]! > i && tree.left[i]! < n && tree.right[i]! > i && tree.right[i]! < n))) return `tree ${t} node ${i} points outside the tree`;
    }
    trees.push({ column: Int32Array.from(tree.column), bin: Uint8Array.from(tree.bin), left: Int32Array.from(tree.left), right: Int32Array.from(tree.right), value: Float64Array.from(tree.value) });
  }
  const columns = { buckets: Uint32Array.from(r.buckets), edges: r.edges.map((e) => Float64Array.from(e)) };
  return reranker(r.keep, columns, { width: r.buckets.length, trees });
}

/** Reads the model file; a missing, truncated or foreign file is one clear message, not an exception. */
export function readModel(file = MODEL_FILE): ModelResult {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, message: `answer model ${file} ${code === 'ENOENT' ? 'is missing' : `cannot be read (${code ?? String(error)})`}; run \`npm run train -- --squad FILE\` to write it` };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, message: `answer model ${file} is not valid JSON (half-written or corrupt?); run \`npm run train -- --squad FILE\` to write a new one` };
  }
  return modelFromJson(json, file);
}

let loaded: AnswerModel | undefined;

/**
 * Reads the bot's model once and keeps it. Entry points call this at start, so a missing or bad file is
 * one line before anything else happens rather than an error on the first question.
 */
export function loadDefaultModel(): ModelResult {
  if (loaded) return { ok: true, model: loaded };
  const result = readModel();
  if (result.ok) loaded = result.model;
  return result;
}

/** The bot's model; throws `ModelError` (one line) when the file is missing or bad. */
export function defaultModel(): AnswerModel {
  const result = loadDefaultModel();
  if (!result.ok) throw new ModelError(result.message);
  return result.model;
}

/** The one expected failure of loading a model: its message is meant to be shown as it is. */
export class ModelError extends Error {
  override name = 'ModelError';
}

/** The ranker's score (a logit) of one candidate. */
export function scoreFeatures(model: Pick<AnswerModel, 'weights' | 'mask'>, features: FeatureVector): number {
  const { weights, mask } = model;
  let sum = 0;
  const { hashes, values } = features;
  for (let i = 0; i < hashes.length; i++) sum += weights[hashes[i]! & mask]! * values[i]!;
  return sum;
}

/** What the calibrator reads of a question's ranked candidates. */
export interface WinnerStanding {
  /** The winner's and runner-up's logits (runner-up -Infinity when alone). */
  logit: number;
  runnerUp: number;
  /** Softmax probability of the winner among all candidates. */
  probability: number;
  candidates: number;
  sentenceCoverage: number;
  paragraphCoverage: number;
  sentenceRank: number;
  answerType: string;
  /** Share of the question's (idf-weighted) words that the searched articles hold anywhere: low when asked of the wrong article. */
  questionInArticles: number;
  /** The best coverage any retrieved sentence reaches. */
  bestSentenceCoverage: number;
  /** The idf-weighted share of the question held by its weightiest word that the searched articles lack (0 when none is missing). */
  largestMissingWord: number;
  /** Softmax probability of every candidate with the winner's text (the same answer found in several places). */
  answerAgreement: number;
  /** What produced the winner's span (a date, a name, a noun phrase…). */
  kinds: readonly SpanKind[];
}

/**
 * The span kinds that answer each typed question: a "when" answered by something that is no date says the
 * bot found no date to give. Open questions ("what did …") have no expected kind.
 */
const EXPECTED_KINDS: Partial<Record<string, readonly SpanKind[]>> = {
  date: ['date'],
  number: ['count', 'quantity', 'ratio', 'percent'],
  ratio: ['ratio', 'quantity', 'percent'],
  percentage: ['percent'],
  person: ['person', 'name', 'group'],
  place: ['name'],
  statement: ['quote', 'reported'],
  reason: ['reason'],
};

/** Whether the winner is of the kind its question asks for: 1 it is, -1 it is not, 0 the question does not say. */
function kindAgreement(answerType: string, kinds: readonly SpanKind[]): number {
  const expected = EXPECTED_KINDS[answerType];
  if (!expected) return 0;
  return kinds.some((k) => expected.includes(k)) ? 1 : -1;
}

/** The calibrator's inputs for a winner, in `CONFIDENCE_INPUTS` order. */
export function confidenceInputs(w: WinnerStanding): number[] {
  const agreement = kindAgreement(w.answerType, w.kinds);
  const margin = Number.isFinite(w.runnerUp) ? Math.min(10, w.logit - w.runnerUp) : 10;
  const type = ['person', 'place', 'date', 'number', 'phrase'].includes(w.answerType) ? w.answerType : 'other';
  return [
    1, w.probability, margin / 10, Math.max(-10, Math.min(10, w.logit)) / 10, w.sentenceCoverage, w.paragraphCoverage, w.sentenceRank === 0 ? 1 : 0,
    Math.log1p(w.candidates) / 7, w.questionInArticles, w.bestSentenceCoverage,
    ...['person', 'place', 'date', 'number', 'phrase', 'other'].map((t) => (t === type ? 1 : 0)),
    w.largestMissingWord, w.answerAgreement,
    agreement > 0 ? 1 : 0, agreement < 0 ? 1 : 0,
    ...oneHot(w.questionInArticles), ...oneHot(w.bestSentenceCoverage), ...oneHot(w.sentenceCoverage),
  ];
}

/** A share in 0..1 as eleven indicators: its tenth (0.0-0.1 … 0.9-1.0), the last one for exactly 1. */
function oneHot(share: number): number[] {
  const bin = share >= 1 ? BINS - 1 : Math.max(0, Math.min(BINS - 2, Math.floor(share * 10)));
  return Array.from({ length: BINS }, (_, b) => (b === bin ? 1 : 0));
}

/** The calibrated probability that the winner is right. */
export function calibrate(weights: readonly number[], inputs: readonly number[]): number {
  let z = 0;
  for (let i = 0; i < inputs.length; i++) z += weights[i]! * inputs[i]!;
  return 1 / (1 + Math.exp(-z));
}
