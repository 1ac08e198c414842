import type { ChildProcess } from 'node:child_process';

/**
 * Collects a child's JSON log lines from stdout as they arrive (into `logs`, when a test keeps its own list),
 * and everything it printed (stdout and stderr).
 */
export function collectJsonLogs(child: ChildProcess, logs: Array<Record<string, any>> = []): { logs: Array<Record<string, any>>; output: () => string } {
  let raw = '';
  let pending = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    raw += chunk.toString();
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) if (line.trim()) logs.push(JSON.parse(line) as Record<string, any>);
  });
  child.stderr!.on('data', (chunk: Buffer) => (raw += chunk.toString()));
  return { logs, output: () => raw };
}

/**
 * The first of `logs` that `match` accepts, as soon as it is there (polled every 20 ms); rejects after
 * `timeoutMs` with the end of what the process printed.
 */
export function waitForLog(
  logs: readonly Record<string, any>[], output: () => string, match: (line: Record<string, any>) => boolean, timeoutMs: number,
): Promise<Record<string, any>> {
  const found = logs.find(match);
  if (found) return Promise.resolve(found);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      clearInterval(poll);
      reject(new Error(`no matching log line; output so far:\n${output().slice(-4000)}`));
    }, timeoutMs);
    const poll = setInterval(() => {
      const line = logs.find(match);
      if (line) {
        clearTimeout(timer);
        clearInterval(poll);
        resolve(line);
      }
    }, 20);
  });
}
