/**
 * `npm run bench:http [-- --concurrency 1,8,32,64] [--duration 3] [--runs 3] [--ping 32] [--json]`: loopback load of
 * signed /ask interactions against the real endpoint in a child process. Prints requests per second,
 * p50/p99 latency, errors, server CPU per request and the share of it spent verifying signatures; then the same for signed
 * PINGs (the endpoint without the answering work; `--ping 0` skips it).
 */
import { parseArgs } from 'node:util';
import { formatReport, runHttpBench, type BenchOptions } from '../bench/httpBench.js';
import { exitQuietlyOnBrokenPipe } from './io.js';

exitQuietlyOnBrokenPipe();

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '1,8,32,64' },
    duration: { type: 'string', default: '3' },
    runs: { type: 'string', default: '3' },
    'max-requests': { type: 'string', default: '50000' },
    data: { type: 'string', default: process.env.DATA_DIR || 'data' },
    ping: { type: 'string', default: '32' },
    json: { type: 'boolean', default: false },
  },
});

const concurrency = values.concurrency.split(',').map(Number);
const durationSeconds = Number(values.duration);
const runs = Number(values.runs);
const maxRequests = Number(values['max-requests']);
if (concurrency.some((c) => !Number.isInteger(c) || c < 1 || c > 256) || !(durationSeconds > 0 && durationSeconds <= 60) || !(runs >= 1 && runs <= 10) || !(maxRequests >= 1)) {
  process.stderr.write('usage: npm run bench:http -- [--concurrency 1,8,32,64 (1..256)] [--duration seconds (≤ 60)] [--runs 1..10] [--max-requests N] [--json]\n');
  process.exit(2);
}

const options: BenchOptions = {
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
