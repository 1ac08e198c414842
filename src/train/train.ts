import { findCandidates, choose } from '../qa/modelAnswer.js';
import { FEATURE_FAMILIES, type FamilySet } from '../qa/features.js';
import { CONFIDENCE_INPUTS, confidenceInputs, type AnswerModel } from '../qa/model.js';
import { bestOver, exactMatch, f1Score } from '../qa/squadMetric.js';
import { squadIndex, squadQuestions, type SquadDataset, type SquadQuestion } from '../eval/squad.js';
import type { SearchIndex } from '../index/buildIndex.js';
import { ExampleStore } from './examples.js';
import { fitReranker, joinStores, RERANKER_SHAPE } from './rerank.js';
import { mulberry32 } from '../bench/random.js';
import { fitAveragedRanker, fitLogistic } from './fit.js';
import { EXPECTED_F1_DECODING, type Decoding } from '../qa/pick.js';

/**
 * How much the ranker's loss weighs the expected F1 of its pick beside the likelihood of the exact
 * answers. Chosen on part 1 (100 training articles, 4 epochs): answering everything, F1 48.8 at 0,
 * 49.5 at 1, 50.3 at 3, 50.9 at 8, 50.9 at 20.
 */
export const EXPECTED_F1_WEIGHT = 8;

export interface TrainOptions {
  seed: number;
  epochs: number;
  buckets: number;
  /** How many retrieved sentences to read for candidates. */
  readSentences: number;
  families?: FamilySet;
  /** Every n-th article is held out of the ranker's training, to fit the calibrator on. */
  holdOutEvery?: number;
  /** Only the first n articles (for quick runs). */
  limitArticles?: number;
  /** Share of no-overlap candidates kept for the ranker (a sampled softmax; 1 keeps all). */
  negativeRate?: number;
  /**
   * Also fit trees that rerank the ranker's best candidates (default false: on SQuAD part 1 they add 1.6 F1,
   * on the paraphrase and news sets they lose 6 of 87; docs/quality.md).
   */
  rerank?: boolean;
  /** Weight of the expected-F1 term in the ranker's loss (see fitRanker; default EXPECTED_F1_WEIGHT). */
  expectedF1?: number;
  /**
   * How the model picks its winner (pick.ts; default EXPECTED_F1_DECODING, null: the best score). Set before
   * the calibrator is fitted, so the confidence is that of the winner the bot will show.
   */
  decoding?: Decoding | null;
  /**
   * How many rankers to fit on the same candidates, each in its own seeded order, their weights averaged (the
   * mean of their logits; default 1). Three gave +0.56 F1 on part 1 and +0.24 on the held-out articles over one
   * (means of three seeds, docs/quality.md); three fits are about a third of the training time, the candidates the rest.
   */
  average?: number;
  progress?: (line: string) => void;
}

export interface TrainResult {
  model: AnswerModel;
  figures: {
    questions: number;
    rankerQuestions: number;
    calibrationQuestions: number;
    /**
     * Training questions: best candidate's F1 (oracle) and the ranker's best-scored candidate (not decoded: the
     * collected candidates are a sample), both on the questions it was fitted on.
     */
    oracleF1: number;
    trainF1: number;
    trainEM: number;
    candidatesPerQuestion: number;
    /**
     * The held-out articles' questions asked of their own article, every one answered: the ranker never saw
     * these articles and no feature was chosen on them, so beside part 1 they say whether a gain is general.
     */
    heldOutF1: number;
    heldOutEM: number;
  };
}

/** One SQuAD article's index, built by the normal corpus and index code; an article that fails is skipped. */
function articleIndex(dataset: SquadDataset, a: number): SearchIndex | undefined {
  const built = squadIndex(dataset.data[a]!);
  return built.ok ? built.value : undefined;
}

/**
 * Trains the answer model on a SQuAD file: every question goes the bot's own way (its article indexed
 * alone, retrieval, candidates; the paragraph is not given), its candidates are labelled by the gold
 * answer, and the ranker is fitted on all articles but every n-th; the calibrator is then fitted on the
 * held-out articles' questions, asked of their own article (right: see RIGHT_AT_F1) and of
 * another held-out article (always wrong: the bot should decline).
 */
export function train(dataset: SquadDataset, options: TrainOptions): TrainResult {
  const { buckets, readSentences, families = new Set(FEATURE_FAMILIES) } = options;
  const holdOutEvery = options.holdOutEvery ?? 10;
  const count = Math.min(dataset.data.length, options.limitArticles ?? Infinity);
  const questions = squadQuestions(dataset).filter((q) => q.article < count);
  const heldOut = (a: number) => a % holdOutEvery === holdOutEvery - 1;
  const say = options.progress ?? (() => undefined);
  const rate = options.negativeRate ?? 0.5;
  const expectedF1 = options.expectedF1 ?? EXPECTED_F1_WEIGHT;
  const sample = rate < 1 ? { rate, random: mulberry32(options.seed ^ 0x5eed) } : undefined;

  const rankerQuestions = questions.filter((q) => !heldOut(q.article));
  const collect = (qs: SquadQuestion[]) => collectExamples(dataset, qs, { buckets, readSentences, families, sample, progress: say });
  // With a reranker, the candidates are collected in two halves by article (its trees learn on each half
  // scored by a ranker fitted on the other); the ranker itself is fitted on both.
  const rerank = options.rerank ?? false;
  const halves = rerank ? ([0, 1].map((h) => collect(rankerQuestions.filter((q) => q.article % 2 === h))) as [ExampleStore, ExampleStore]) : undefined;
  const store = halves ? joinStores(halves) : collect(rankerQuestions);
  let oracle = 0;
  for (let q = 0; q < store.questions; q++) oracle += store.oracle(q);

  const runs = options.average ?? 1;
  const at = (run: number, epoch: number) => `${runs > 1 ? `ranker ${run}/${runs}, ` : ''}epoch ${epoch}/${options.epochs}`;
  const weights = fitAveragedRanker(store, {
    buckets, epochs: options.epochs, seed: options.seed, expectedF1, runs,
    onProgress: (epoch, done, total, run) => say(`${at(run, epoch)}: ${done}/${total} questions`),
    onEpoch: (epoch, loss, accuracy, run) => say(`${at(run, epoch)}: loss ${loss.toFixed(4)}, picks a positive ${(100 * accuracy).toFixed(1)}%`),
  });
  const { f1: trainF1, em: trainEM } = store.picked((k) => store.score(weights, k));
  const reranker = halves && fitReranker(halves, {
    buckets, epochs: options.epochs, seed: options.seed, expectedF1,
    onTree: (t, loss) => t % 50 === 0 && say(`reranker: ${t}/${RERANKER_SHAPE.trees} trees, loss ${loss.toFixed(4)}`),
  });

  const model: AnswerModel = {
    version: '', families, mask: buckets - 1, weights, readSentences,
    calibration: CONFIDENCE_INPUTS.map(() => 0), abstainBelow: 0.5, reranker,
    decoding: options.decoding === undefined ? EXPECTED_F1_DECODING : options.decoding ?? undefined, training: {},
  };
  const calibrationArticles = [...new Set(questions.filter((q) => heldOut(q.article)).map((q) => q.article))];
  const inputs: number[][] = [];
  const labels: number[] = [];
  const indexes = new Map<number, SearchIndex | undefined>();
  const cached = (a: number) => {
    if (!indexes.has(a)) indexes.set(a, articleIndex(dataset, a));
    return indexes.get(a);
  };
  const calibrationQuestions = questions.filter((q) => heldOut(q.article));
  let heldOutF1 = 0;
  let heldOutEM = 0;
  calibrationQuestions.forEach((q, i) => {
    const own = cached(q.article);
    const otherArticle = calibrationArticles[(calibrationArticles.indexOf(q.article) + 1) % calibrationArticles.length]!;
    const other = otherArticle === q.article ? undefined : cached(otherArticle);
    if (own) {
      const choice = choose(model, findCandidates(own, q.question, readSentences, { families }));
      if (choice) {
        inputs.push(confidenceInputs(choice.standing));
        labels.push(countsAsRight(choice.best.answer, q.answers) ? 1 : 0);
        heldOutF1 += bestOver(f1Score, choice.best.answer, q.answers);
        heldOutEM += bestOver(exactMatch, choice.best.answer, q.answers);
      }
    }
    if (other) {
      const choice = choose(model, findCandidates(other, q.question, readSentences, { families }));
      if (choice) {
        inputs.push(confidenceInputs(choice.standing));
        labels.push(0);
      }
    }
    if (i % 500 === 0) say(`calibration: ${i}/${calibrationQuestions.length} questions`);
  });
  // With no held-out article (a tiny training file) the calibrator stays at zero: every confidence is 0.5.
  model.calibration = fitLogistic(inputs, labels, CONFIDENCE_INPUTS.length);
  return {
    model,
    figures: {
      questions: questions.length,
      rankerQuestions: store.questions,
      calibrationQuestions: calibrationQuestions.length,
      oracleF1: round((100 * oracle) / Math.max(1, store.questions)),
      trainF1: round((100 * trainF1) / Math.max(1, store.questions)),
      trainEM: round((100 * trainEM) / Math.max(1, store.questions)),
      candidatesPerQuestion: round(store.candidates / Math.max(1, store.questions)),
      heldOutF1: round((100 * heldOutF1) / Math.max(1, calibrationQuestions.length)),
      heldOutEM: round((100 * heldOutEM) / Math.max(1, calibrationQuestions.length)),
    },
  };
}

/**
 * A training question has one human answer; a dev or real question has up to five ways of saying it
 * right. Counting a pick as right when it matches exactly or overlaps the one answer by F1 ≥ 0.6 makes
 * the confidence mean what it says on part 1 (checked there: within 0.03 in every bin, where exact match
 * alone left it 0.1 too low).
 */
const RIGHT_AT_F1 = 0.6;

function countsAsRight(answer: string, answers: string[]): boolean {
  return bestOver(exactMatch, answer, answers) === 1 || bestOver(f1Score, answer, answers) >= RIGHT_AT_F1;
}

/**
 * The candidates of each question, found the bot's own way (its article indexed alone, retrieval, every
 * candidate of the best sentences), labelled against its answers. The questions come in article order,
 * so each article is indexed once.
 */
export function collectExamples(
  dataset: SquadDataset, questions: SquadQuestion[],
  options: { buckets: number; readSentences: number; families: FamilySet; sample?: { rate: number; random: () => number } | undefined; progress?: (line: string) => void },
): ExampleStore {
  const store = new ExampleStore(options.buckets);
  let current = -1;
  let index: SearchIndex | undefined;
  questions.forEach((q, i) => {
    if (q.article !== current) {
      current = q.article;
      index = articleIndex(dataset, q.article);
    }
    if (!index) return;
    store.add(findCandidates(index, q.question, options.readSentences, { families: options.families }), q.answers, options.sample);
    if (i % 500 === 0) options.progress?.(`candidates: ${i}/${questions.length} questions, ${store.candidates} candidates`);
  });
  return store;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
