import { answerTokens, tokenCounts, tokenF1 } from '../qa/squadMetric.js';
import type { QuestionCandidates } from '../qa/modelAnswer.js';

/**
 * Training examples, packed: for each question its candidates, for each candidate its features (bucket
 * index and value) and its label (F1 and exact match against the gold answers). Typed arrays that grow
 * by doubling, so 87,599 questions with a few hundred candidates each fit in memory without millions of
 * small objects.
 */
export class ExampleStore {
  readonly mask: number;
  questions = 0;
  candidates = 0;
  entries = 0;
  /** Per question: index of its first candidate (questionStart[questions] = candidates). */
  questionStart = new Uint32Array(1024);
  /** Per candidate: index of its first feature entry. */
  candidateStart = new Uint32Array(1 << 16);
  f1 = new Float32Array(1 << 16);
  em = new Uint8Array(1 << 16);
  /** Per candidate: added to its logit in training, ln(1 / keep rate) for a sampled negative (0 otherwise). */
  offset = new Float32Array(1 << 16);
  index = new Uint32Array(1 << 20);
  value = new Float32Array(1 << 20);

  constructor(buckets: number) {
    this.mask = buckets - 1;
  }

  /**
   * Adds one question's candidates, labelled against its gold answers. With `sample`, a candidate that
   * shares no word with any answer is kept only at that rate, and its logit is raised by ln(1 / rate) in
   * training, so the softmax's normaliser stays right in expectation (a sampled softmax) while memory shrinks.
   */
  add(found: QuestionCandidates, answers: string[], sample?: { rate: number; random: () => number }): void {
    const golds = answers.map(goldTokens);
    this.startQuestion();
    for (const c of found.candidates) {
      const predictedTokens = answerTokens(c.answer);
      const predicted = predictedTokens.join(' ');
      let f1 = 0;
      let em = 0;
      for (const gold of golds) {
        if (predicted === gold.text) em = 1;
        f1 = Math.max(f1, tokenF1(predictedTokens, gold.counts, gold.length));
      }
      if (sample && f1 === 0 && sample.random() >= sample.rate) continue;
      const k = this.candidates;
      const { hashes, values } = c.features!;
      this.makeRoom(hashes.length);
      this.candidateStart[k] = this.entries;
      for (let i = 0; i < hashes.length; i++) {
        this.index[this.entries] = hashes[i]! & this.mask;
        this.value[this.entries] = values[i]!;
        this.entries++;
      }
      this.f1[k] = f1;
      this.offset[k] = sample && f1 === 0 ? Math.log(1 / sample.rate) : 0;
      this.em[k] = em;
      this.candidates++;
    }
    this.endQuestion();
  }

  /**
   * Starts a question (`add` makes a whole one; a reranker's examples are made with `copy`, from the first
   * ranker's best few of another store, then `endQuestion`).
   */
  startQuestion(): void {
    this.questionStart = fit(this.questionStart, this.questions + 2);
    this.questionStart[this.questions] = this.candidates;
  }

  /** Appends candidate k of `source` to the question being made, its features followed by `extra` [bucket, value] pairs. */
  copy(source: ExampleStore, k: number, extra: readonly (readonly [number, number])[]): void {
    const c = this.candidates;
    const from = source.candidateStart[k]!;
    const length = source.candidateStart[k + 1]! - from;
    this.makeRoom(length + extra.length);
    this.candidateStart[c] = this.entries;
    this.index.set(source.index.subarray(from, from + length), this.entries);
    this.value.set(source.value.subarray(from, from + length), this.entries);
    this.entries += length;
    for (const [bucket, value] of extra) {
      this.index[this.entries] = bucket;
      this.value[this.entries] = value;
      this.entries++;
    }
    this.f1[c] = source.f1[k]!;
    this.em[c] = source.em[k]!;
    this.offset[c] = source.offset[k]!;
    this.candidates++;
    this.candidateStart[this.candidates] = this.entries;
  }

  /** Room for one more candidate with `entries` feature entries (arrays grow by doubling). */
  private makeRoom(entries: number): void {
    const need = this.candidates + 2;
    if (need > this.f1.length) {
      this.candidateStart = fit(this.candidateStart, need);
      this.f1 = fit(this.f1, need);
      this.em = fit(this.em, need);
      this.offset = fit(this.offset, need);
    }
    if (this.entries + entries > this.index.length) {
      this.index = fit(this.index, this.entries + entries);
      this.value = fit(this.value, this.entries + entries);
    }
  }

  /** Ends the question being made. */
  endQuestion(): void {
    this.questions++;
    this.questionStart[this.questions] = this.candidates;
    this.candidateStart[this.candidates] = this.entries;
  }

  /** The logit of candidate k under the weights. */
  score(weights: Float32Array, k: number): number {
    let sum = 0;
    for (let e = this.candidateStart[k]!; e < this.candidateStart[k + 1]!; e++) sum += weights[this.index[e]!]! * this.value[e]!;
    return sum;
  }

  /** The summed F1 and exact match of each question's best-scored candidate (a question without candidates adds 0). */
  picked(score: (k: number) => number): { f1: number; em: number } {
    let f1 = 0;
    let em = 0;
    for (let q = 0; q < this.questions; q++) {
      let best = -Infinity;
      let pick = -1;
      for (let k = this.questionStart[q]!; k < this.questionStart[q + 1]!; k++) {
        const s = score(k);
        if (s > best) {
          best = s;
          pick = k;
        }
      }
      if (pick >= 0) {
        f1 += this.f1[pick]!;
        em += this.em[pick]!;
      }
    }
    return { f1, em };
  }

  /** The best F1 any candidate of question q reaches (the oracle). */
  oracle(q: number): number {
    let best = 0;
    for (let k = this.questionStart[q]!; k < this.questionStart[q + 1]!; k++) best = Math.max(best, this.f1[k]!);
    return best;
  }
}

interface GoldTokens {
  text: string;
  counts: Map<string, number>;
  length: number;
}

function goldTokens(answer: string): GoldTokens {
  const tokens = answerTokens(answer);
  return { text: tokens.join(' '), counts: tokenCounts(tokens), length: tokens.length };
}

type Typed = Uint32Array | Uint8Array | Float32Array;

function fit<T extends Typed>(array: T, size: number): T {
  if (size <= array.length) return array;
  let length = array.length;
  while (length < size) length *= 2;
  const grown = new (array.constructor as new (n: number) => T)(length);
  grown.set(array);
  return grown;
}

