import type { ServerWorkerResult } from './serverWorker.js';

export interface ServersReport {
  command: string;
  date: string;
  machine: { cpus: number; totalMemGB: number; loadAverage: number[]; node: string };
  seed: number;
  questions: number;
  servers: number;
  perServer: number;
  libraryParagraphs: number;
  paragraphs: number;
  articles: number;
  cold: ServerWorkerResult;
  warm: ServerWorkerResult;
  perScope: ServerWorkerResult;
}

const MB = 1024 * 1024;
const ms = (x: number | undefined) => (x === undefined ? '–' : x >= 1000 ? `${(x / 1000).toFixed(1)} s` : x >= 10 ? `${x.toFixed(0)} ms` : `${x.toFixed(2)} ms`);
const mb = (x: number | undefined) => (x === undefined ? '–' : `${(x / MB).toFixed(0)} MB`);

/**
 * The many-servers figures: the shared index (scope inside the ranker) as measured, and one index per
 * scope measured on a sample of servers and scaled to all of them (labelled so).
 */
export function serversTable(r: ServersReport): string {
  const p = r.perScope.perScope!;
  const scale = r.servers / Math.max(1, p.sampled);
  const rows = [
    ['', 'one shared index, scope inside the ranker', `one index per scope (${p.sampled} built, ×${scale.toFixed(0)} for ${r.servers})`],
    ['cold start (read + build + save)', ms(r.cold.coldMs), `${ms(p.buildMsEach * r.servers)} (build only)`],
    ['warm start (load the cache)', ms(r.warm.warmMs), '–'],
    ['heap after start', mb(r.warm.heapUsedBytes), `${mb(p.heapBytesEach * r.servers)} of indexes + the corpus`],
    ['rss after start', mb(r.warm.rssBytes), '–'],
    ['index cache file', mb(r.cold.indexBytes), '–'],
    [`/ask p50 / p99 (${r.warm.questions} questions)`, `${ms(r.warm.p50Ms)} / ${ms(r.warm.p99Ms)}`, '–'],
    [`same ${p.questions} questions, side by side`, `${ms(p.sharedP50Ms)} / ${ms(p.sharedP99Ms)}`, `${ms(p.perScopeP50Ms)} / ${ms(p.perScopeP99Ms)}`],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    `${r.servers.toLocaleString('en-US')} servers × ${r.perServer} articles + the library (${r.libraryParagraphs.toLocaleString('en-US')} generated paragraphs and the bundled article): ` +
      `${r.paragraphs.toLocaleString('en-US')} paragraphs in ${r.articles.toLocaleString('en-US')} articles`,
    '',
    line(rows[0]!),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.slice(1).map(line),
    '',
    `Scoped answers: gold paragraph (the asking server's own copy) first in ${(100 * r.warm.hit1!).toFixed(1)}% of questions, SQuAD F1 ${r.warm.f1!.toFixed(1)}, ` +
      `passages cited from outside the asker's scope: ${r.warm.leaks}. Per-scope indexes gave the same answer and first citation for ${p.sameAnswers} of ${p.questions}.`,
    `p50 ratio shared / per-scope: ${(p.sharedP50Ms / p.perScopeP50Ms).toFixed(2)}×; memory ratio per-scope / shared heap: ${((p.heapBytesEach * r.servers) / r.warm.heapUsedBytes).toFixed(1)}×.`,
    `${r.questions} SQuAD questions (after 20 warm-up ones), seed ${r.seed}; ${r.machine.cpus} CPUs, load average ${r.machine.loadAverage.join(' ')}; ${r.machine.node}. Command: ${r.command}`,
  ].join('\n');
}
