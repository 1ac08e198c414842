/** The q-quantile (0..1) of a list of numbers, nearest-rank. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/** The median of a list of numbers: the middle one, or the mean of the two middle ones (NaN for none). */
export function median(values: number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** What every measuring process reports of its index, memory and per-question timing. Times in ms, sizes in bytes. */
export interface MeasuredFigures {
  indexBytes?: number;
  heapUsedBytes: number;
  rssBytes: number;
  questions?: number;
  p50Ms?: number;
  p99Ms?: number;
}

/** Heap and resident memory after two full collections (when the process runs with --expose-gc). */
export function heap(): { heapUsedBytes: number; rssBytes: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  const m = process.memoryUsage();
  return { heapUsedBytes: m.heapUsed, rssBytes: m.rss };
}

/** Per-item wall times of `run`, after running it once over the warm-up items (then `afterWarmup`). */
export function timeEach<T>(items: T[], warmup: T[], run: (item: T) => void, afterWarmup?: () => void): number[] {
  for (const item of warmup) run(item);
  afterWarmup?.();
  const times: number[] = [];
  for (const item of items) {
    const t = performance.now();
    run(item);
    times.push(performance.now() - t);
  }
  return times;
}
