import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ANSWERERS, setDefaultAnswerer, type Answerer } from '../qa/ask.js';
import { loadDefaultModel } from '../qa/model.js';

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

/**
 * Sets who answers in this command (`--answerer`, else the ANSWERER variable, else the rules) and, for
 * the model, reads it before any work: a missing or corrupt model file is one line on stderr (naming the
 * file and `npm run train`), and the command returns false instead of failing later.
 */
export function chooseAnswerer(flag: string | undefined): boolean {
  const answerer = flag ?? process.env.ANSWERER ?? 'rules';
  if (!(ANSWERERS as readonly string[]).includes(answerer)) {
    process.stderr.write(`--answerer must be ${ANSWERERS.join(' or ')}, not ${JSON.stringify(answerer)}\n`);
    return false;
  }
  if (answerer === 'model') {
    const result = loadDefaultModel();
    if (!result.ok) {
      process.stderr.write(`${result.message}\n`);
      return false;
    }
  }
  setDefaultAnswerer(answerer as Answerer);
  return true;
}

type CommandLine<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>>;

/**
 * The command line as node's parseArgs reads it, with `--help` / `-h` added: the usage on standard
 * output, and an unknown option or a value missing its flag one line and the usage on standard error,
 * not a stack trace. A number is the exit status to stop with (0 after the help, 2 after a mistake).
 */
export function readCommandLine<T extends ParseArgsConfig>(config: T, usage: string): CommandLine<T> | number {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ ...config, options: { ...config.options, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  return parsed as unknown as CommandLine<T>;
}
