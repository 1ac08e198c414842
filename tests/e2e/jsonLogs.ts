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
