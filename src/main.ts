import { exitQuietlyOnBrokenPipe } from './cli/io.js';
import { ConfigError, loadConfig } from './config.js';
import { isServerId, scopeOf } from './corpus/scope.js';
import { describeArticleError, openIndex } from './index/openIndex.js';
import { startLiveReload } from './index/liveReload.js';
import { startHttpCluster } from './scale/httpCluster.js';
import { parseStartArgs, UsageError, type StartArgs } from './scale/scaleArgs.js';
import { startShardManager } from './scale/shardManager.js';
import { startGateway } from './transports/gateway.js';
import { startHttp } from './transports/http.js';
import { setDefaultAnswerer } from './qa/ask.js';
import { loadDefaultModel } from './qa/model.js';
import { runTerminal } from './transports/terminal.js';

/**
 * Entry point: `npm start`. With `--http`, the HTTP interactions endpoint (`--workers auto|N`: one
 * process per core, node:cluster); else with DISCORD_TOKEN set, the bot logs in to Discord's gateway
 * (`--shards auto|N`: one process per shard, discord.js's ShardingManager); without it, the same bot
 * chats in the terminal. In every mode, article files added, changed or removed while it runs are
 * picked up without a restart. `--server ID` makes the terminal chat act as that Discord server: the
 * library plus that server's own articles.
 */
async function main(argv: string[]): Promise<number> {
  let config;
  let args;
  try {
    args = parseStartArgs(argv);
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
    if (args.http && args.workers !== undefined) {
      await (await startHttpCluster(config, { workers: args.workers })).listening;
      return 0; // The workers keep the process alive until SIGINT/SIGTERM.
    }
    if (args.http) {
      await startHttp(config);
      return 0; // The server keeps the process alive until SIGINT/SIGTERM.
    }
    if (args.shards !== undefined) {
      await startShardManager(config, { shards: args.shards });
      return 0; // The shards keep the process alive until SIGINT/SIGTERM.
    }
    if (config.discord.token) {
      await startGateway(config);
      return 0; // The gateway keeps the process alive until SIGINT/SIGTERM.
    }
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    const mode = argv.includes('--http') ? 'the HTTP interactions endpoint' : 'the Discord bot';
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
function serverOption(args: StartArgs): string | undefined | null {
  if (args.server === undefined) return undefined;
  return isServerId(args.server) ? args.server : null;
}

process.exitCode = await main(process.argv.slice(2));
