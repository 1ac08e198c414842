/**
 * A bounded closed-loop load generator over keep-alive connections: `concurrency` workers each send a
 * request, wait for the answer and send the next, until the time or the request budget runs out.
 * Loopback only: the caller gives a 127.0.0.1 URL.
 */
import { Agent, request } from 'node:http';

export interface PreparedRequest {
  body: Buffer;
  headers: Record<string, string>;
}

export interface LoadOptions {
  url: string;
  concurrency: number;
  durationMs: number;
  /** Hard cap on requests, whatever the duration (bounded load). */
  maxRequests: number;
  requests: readonly PreparedRequest[];
  /** True if a 200 response body is the expected answer (default: any 200). */
  accept?: (status: number, body: Buffer) => boolean;
}

export interface LoadResult {
  concurrency: number;
  requests: number;
  errors: number;
  elapsedMs: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The first error seen, for the report. */
  firstError?: string | undefined;
}

/** Runs one load level and reports throughput and latency percentiles. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const target = new URL(options.url);
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let issued = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;

  const once = (prepared: PreparedRequest) =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const fail = (why: string) => {
        errors++;
        firstError ??= why;
        resolve();
      };
      const req = request(
        { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: prepared.headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const body = Buffer.concat(chunks);
            const ok = res.statusCode === 200 && (options.accept ? options.accept(res.statusCode, body) : true);
            if (!ok) return fail(`status ${res.statusCode}: ${body.toString('utf8').slice(0, 120)}`);
            latencies.push(performance.now() - t0);
            resolve();
          });
          res.on('error', (e) => fail(e.message));
        },
      );
      req.on('error', (e) => fail(e.message));
      req.end(prepared.body);
    });

  const worker = async (offset: number) => {
    for (let i = offset; performance.now() < deadline && issued < options.maxRequests; i += options.concurrency) {
      issued++;
      await once(options.requests[i % options.requests.length]!);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, w) => worker(w)));
  const elapsedMs = performance.now() - started;
  agent.destroy();

  latencies.sort((a, b) => a - b);
  const pick = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  const done = latencies.length + errors;
  return {
    concurrency: options.concurrency,
    requests: done,
    errors,
    elapsedMs,
    perSecond: (latencies.length / elapsedMs) * 1000,
    p50Ms: pick(0.5),
    p99Ms: pick(0.99),
    maxMs: latencies.at(-1) ?? NaN,
    firstError,
  };
}
