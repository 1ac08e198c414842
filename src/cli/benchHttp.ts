/**
 * `npm run bench:http [-- --workers 1,2] [--cooldown shared,off] [--concurrency 32] [--duration 3] [--runs 3] [--ping 32] [--json]`:
 * loopback load of signed /ask interactions, every one from a different user, against the real
 * `--http --workers N` cluster in a child process, for each worker count side by side. Prints /ask per
 * second (and the ratio to the first worker count), p50/p99 latency, errors, server CPU per /ask (the
 * primary's part apart) and the share of it spent verifying signatures; `--cooldown shared,off` shows
 * what asking the primary's cooldown over IPC costs; then signed PINGs per worker count (the endpoint
 * without the answering work; `--ping 0` skips them).
 */
import { formatReport, runHttpBench, type BenchOptions } from '../bench/httpBench.js';
import { exitQuietlyOnBrokenPipe, readCommandLine } from './io.js';

exitQuietlyOnBrokenPipe();

const USAGE = 'usage: npm run bench:http -- [--workers 1,2 (1..64)] [--cooldown shared,off] [--concurrency 32 (1..256)] [--duration seconds (≤ 60)] [--runs 1..10] [--max-requests 100..200000] [--ping 32] [--json]';

const args = readCommandLine({
  options: {
    workers: { type: 'string', default: '1,2' },
    cooldown: { type: 'string', default: 'shared,off' },
    concurrency: { type: 'string', default: '32' },
    duration: { type: 'string', default: '3' },
    runs: { type: 'string', default: '3' },
    'max-requests': { type: 'string', default: '12000' },
    data: { type: 'string', default: process.env.DATA_DIR || 'data' },
    ping: { type: 'string', default: '32' },
    json: { type: 'boolean', default: false },
  },
}, USAGE);
if (typeof args === 'number') process.exit(args);
const { values } = args;

const concurrency = values.concurrency.split(',').map(Number);
const workers = values.workers.split(',').map(Number);
const cooldown = values.cooldown.split(',');
const durationSeconds = Number(values.duration);
const runs = Number(values.runs);
const maxRequests = Number(values['max-requests']);
const badWorkers = workers.some((w) => !Number.isInteger(w) || w < 1 || w > 64);
const badCooldown = cooldown.some((c) => c !== 'shared' && c !== 'off');
if (badWorkers || badCooldown || concurrency.some((c) => !Number.isInteger(c) || c < 1 || c > 256) || !(durationSeconds > 0 && durationSeconds <= 60) || !(runs >= 1 && runs <= 10) || !(maxRequests >= 100 && maxRequests <= 200_000)) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}

const options: BenchOptions = {
  workers,
  cooldown: cooldown as BenchOptions['cooldown'],
  concurrency,
  durationMs: durationSeconds * 1000,
  runs,
  maxRequests,
  pingConcurrency: Number(values.ping) || 0,
  dataDir: values.data,
  log: (line) => process.stderr.write(`${line}\n`),
};
const report = await runHttpBench(options);
process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report, options)}\n`);
