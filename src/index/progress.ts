/**
 * A progress line for long builds, redrawn in place on a terminal's standard error and silent
 * elsewhere (pipes, CI logs, tests), so machine-readable output on stdout is never disturbed.
 */
export function progressLine(label: string, stream: NodeJS.WriteStream = process.stderr): { update(done: number, total: number): void; done(): void } {
  if (!stream.isTTY) return { update() {}, done() {} };
  const started = performance.now();
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = performance.now();
      if (now - last < 100 && done < total) return;
      last = now;
      shown = true;
      const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
      const seconds = ((now - started) / 1000).toFixed(1);
      stream.write(`\r\x1b[2K${label}: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} paragraphs (${pct}%, ${seconds} s)`);
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
