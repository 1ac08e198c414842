/**
 * `npm run ask … | head -1` closes our standard output early: that is the reader's choice, not an error.
 * Without a listener, the write that finds the pipe closed throws an unhandled EPIPE with a stack trace.
 * Every command-line entry point calls this first, so a closed pipe ends it quietly, with the exit status it
 * has earned so far (0 unless something already failed). A closed standard error counts too: there is nobody
 * left to tell. Any other stream error is still thrown.
 */
export function exitQuietlyOnBrokenPipe(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    });
  }
}
