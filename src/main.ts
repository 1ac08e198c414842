import { exitQuietlyOnBrokenPipe } from './cli/io.js';
import { ConfigError, loadConfig } from './config.js';
import { isServerId, scopeOf } from './corpus/scope.js';
import { describeArticleError, openIndex } from './index/openIndex.js';
import { startLiveReload } from './index/liveReload.js';
import { startGateway } from './transports/gateway.js';
import { startHttp } from './transports/http.js';
import { setDefaultAnswerer } from './qa/ask.js';
import { loadDefaultModel } from './qa/model.js';
import { runTerminal } from './transports/terminal.js';

/**
 * Entry point: `npm start`. With `--http`, the HTTP interactions endpoint; else with DISCORD_TOKEN set,
 * the bot logs in to Discord's gateway; without it, the same bot chats in the terminal. In every mode,
 * article files added, changed or removed while it runs are picked up without a restart. `--server ID`
 * makes the terminal chat act as that Discord server: the library plus that server's own articles.
 */
async function main(args: string[]): Promise<number> {
  let config;
  try {
    config = loadConfig();
    if (config.answerer === 'model') {
      // The answer model is read before any transport starts: a missing or corrupt file is one line, not a stack trace.
      const model = loadDefaultModel();
      if (!model.ok) {
        process.stderr.write(`${model.message}\n`);
        return 1;
      }
    }
    setDefaultAnswerer(config.answerer);
    if (args.includes('--http')) {
      await startHttp(config);
      return 0; // The server keeps the process alive until SIGINT/SIGTERM.
    }
    if (config.discord.token) {
      await startGateway(config);
      return 0; // The gateway keeps the process alive until SIGINT/SIGTERM.
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    const mode = args.includes('--http') ? 'the HTTP interactions endpoint' : 'the Discord bot';
    process.stderr.write(`Could not start ${mode}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const server = serverOption(args);
  if (server === null) {
    process.stderr.write('Usage: npm start -- [--http] [--server ID]   (--server: act as that Discord server, an id of digits)\n');
    return 2;
  }
  // The terminal chat is a command line like the others: `… | head` may close its output early.
  exitQuietlyOnBrokenPipe();
  const index = await openIndex(config.dataDir, { onArticleError: (e) => process.stderr.write(`${describeArticleError(e)}\n`) });
  const reload = startLiveReload(index, config.dataDir, { log: (line) => process.stderr.write(`${line}\n`) });
  try {
    await runTerminal(index, process.stdin, process.stdout, scopeOf(server));
  } finally {
    reload.close();
  }
  return 0;
}

/** `--server ID` (or `--server=ID`): the terminal chat acts as that server. Undefined without it; null if malformed. */
function serverOption(args: string[]): string | undefined | null {
  const at = args.findIndex((a) => a === '--server' || a.startsWith('--server='));
  if (at < 0) return undefined;
  const value = args[at]!.includes('=') ? args[at]!.slice('--server='.length) : args[at + 1];
  return value && isServerId(value) ? value : null;
}

process.exitCode = await main(process.argv.slice(2));
