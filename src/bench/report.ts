import type { BundledTimes } from './bundled.js';
import type { WorkerResult } from './worker.js';

/** One corpus size: our pipeline (cold build, warm load + questions) beside the naive configuration. */
export interface SizeReport {
  paragraphs: number;
  articles: number;
  oursCold: WorkerResult;
  oursWarm: WorkerResult;
  naive: WorkerResult;
}

export interface BenchReport {
  command: string;
  date: string;
  machine: { cpus: number; totalMemGB: number; loadAverage: number[]; node: string };
  seed: number;
  questions: number;
  /** The bundled article's answer time, by answerer. */
  bundled?: BundledTimes;
  sizes: SizeReport[];
}

const MB = 1024 * 1024;
const ms = (x: number | undefined) => (x === undefined ? '–' : x >= 1000 ? `${(x / 1000).toFixed(1)} s` : x >= 10 ? `${x.toFixed(0)} ms` : `${x.toFixed(2)} ms`);
const mb = (x: number | undefined) => (x === undefined ? '–' : `${(x / MB).toFixed(0)} MB`);
const pct = (x: number | undefined) => (x === undefined ? '–' : `${(100 * x).toFixed(1)}%`);
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || a === 0 ? '–' : `${(b / a).toFixed(1)}×`);

/** A Markdown table, ours vs naive by corpus size (what docs/performance.md shows). */
export function markdownTable(report: BenchReport): string {
  const rows: string[][] = [[
    'paragraphs', 'pipeline', 'cold start (build + save)', 'warm start (load)', 'index file', 'heap', 'p50 / question', 'p99 / question', 'p50 speed-up', 'p99 speed-up', 'gold ¶ top-1 / top-8', 'SQuAD EM / F1',
  ]];
  for (const s of report.sizes) {
    const n = s.paragraphs.toLocaleString('en-US');
    rows.push([n, 'ours', ms(s.oursCold.coldMs), ms(s.oursWarm.warmMs), mb(s.oursCold.indexBytes), mb(s.oursWarm.heapUsedBytes), ms(s.oursWarm.p50Ms), ms(s.oursWarm.p99Ms),
      ratio(s.oursWarm.p50Ms, s.naive.p50Ms), ratio(s.oursWarm.p99Ms, s.naive.p99Ms), `${pct(s.oursWarm.hit1)} / ${pct(s.oursWarm.hit8)}`, `${s.oursWarm.em?.toFixed(1)} / ${s.oursWarm.f1?.toFixed(1)}`]);
    rows.push([n, 'naive', ms(s.naive.coldMs), ms(s.naive.warmMs), mb(s.naive.indexBytes), mb(s.naive.heapUsedBytes), ms(s.naive.p50Ms), ms(s.naive.p99Ms), '1×', '1×',
      `${pct(s.naive.hit1)} / ${pct(s.naive.hit8)}`, '–']);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(rows[0]!), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.slice(1).map(line)].join('\n');
}

/** The paragraph stage alone: fast path vs exact MiniSearch ranking vs naive, with retrieval and answer quality. */
export function retrievalTable(report: BenchReport): string {
  const rows: string[][] = [['paragraphs', 'ranking', 'p50', 'p99', 'gold ¶ top-1', 'gold ¶ top-8', 'SQuAD EM', 'SQuAD F1']];
  for (const s of report.sizes) {
    const n = s.paragraphs.toLocaleString('en-US');
    const w = s.oursWarm;
    if (w.retrieval) rows.push([n, 'ours, rare terms nominate', ms(w.retrieval.p50Ms), ms(w.retrieval.p99Ms), pct(w.hit1), pct(w.hit8), w.em?.toFixed(1) ?? '–', w.f1?.toFixed(1) ?? '–']);
    const e = w.exactRetrieval;
    if (e) rows.push([n, 'ours, exact MiniSearch OR', ms(e.p50Ms), ms(e.p99Ms), pct(e.hit1), pct(e.hit8), e.em.toFixed(1), e.f1.toFixed(1)]);
    rows.push([n, 'naive', ms(s.naive.p50Ms), ms(s.naive.p99Ms), pct(s.naive.hit1), pct(s.naive.hit8), '–', '–']);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(rows[0]!), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.slice(1).map(line)].join('\n');
}

/** A phase breakdown of our cold start, per size. */
export function coldBreakdown(report: BenchReport): string {
  return report.sizes
    .map((s) => `${s.paragraphs.toLocaleString('en-US')} paragraphs: read+parse ${ms(s.oursCold.loadCorpusMs)}, index ${ms(s.oursCold.buildMs)}, save ${ms(s.oursCold.saveMs)}; heap after build ${mb(s.oursCold.heapUsedBytes)}`)
    .join('\n');
}

/** One row per size and pipeline, plain numbers (ms, bytes), for charts. */
export function csv(report: BenchReport): string {
  const header = ['paragraphs', 'pipeline', 'cold_ms', 'build_ms', 'save_ms', 'warm_ms', 'load_index_ms', 'index_bytes', 'heap_bytes', 'rss_bytes', 'questions', 'p50_ms', 'p99_ms', 'mean_ms', 'max_ms', 'hit1', 'hit8', 'em', 'f1', 'retrieval_p50_ms', 'retrieval_p99_ms', 'exact_retrieval_p50_ms', 'exact_retrieval_p99_ms', 'exact_hit1', 'exact_hit8', 'exact_em', 'exact_f1'];
  const lines = [header.join(',')];
  const num = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '' : String(Math.round(x * 1000) / 1000));
  for (const s of report.sizes) {
    const ours = { ...s.oursCold, ...s.oursWarm, coldMs: s.oursCold.coldMs, buildMs: s.oursCold.buildMs, saveMs: s.oursCold.saveMs, indexBytes: s.oursCold.indexBytes };
    for (const [name, r] of [['ours', ours], ['naive', s.naive]] as const) {
      lines.push([s.paragraphs, name, r.coldMs, r.buildMs, r.saveMs, r.warmMs, r.loadIndexMs, r.indexBytes, r.heapUsedBytes, r.rssBytes, r.questions, r.p50Ms, r.p99Ms, r.meanMs, r.maxMs, r.hit1, r.hit8, r.em, r.f1,
        r.retrieval?.p50Ms, r.retrieval?.p99Ms, r.exactRetrieval?.p50Ms, r.exactRetrieval?.p99Ms, r.exactRetrieval?.hit1, r.exactRetrieval?.hit8, r.exactRetrieval?.em, r.exactRetrieval?.f1]
        .map((v) => (typeof v === 'string' ? v : num(v))).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}
