import { ConfigError, loadConfig } from './config.js';
import { describeArticleError, openIndex } from './index/openIndex.js';
import { startLiveReload } from './index/liveReload.js';
import { startGateway } from './transports/gateway.js';
import { startHttp } from './transports/http.js';
import { runTerminal } from './transports/terminal.js';

/**
 * Entry point: `npm start`. With DISCORD_TOKEN set, the bot logs in to Discord's gateway; without it,
 * the same bot chats in the terminal. Either way, article files added, changed or removed while it runs
 * are picked up without a restart. With `--http`, it serves Discord's HTTP interactions endpoint instead.
 */
async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  if (process.argv.slice(2).includes('--http')) {
    // `npm start -- --http`: the HTTP interactions endpoint (docs/http.md); it keeps the process alive.
    try {
      await startHttp(config);
      return 0;
    } catch (error) {
      if (error instanceof ConfigError) {
        process.stderr.write(`${error.message}\n`);
        return 2;
      }
      process.stderr.write(`Could not start the HTTP interactions endpoint: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  }
  if (config.discord.token) {
    try {
      await startGateway(config);
      return 0; // The gateway keeps the process alive until SIGINT/SIGTERM.
    } catch (error) {
      process.stderr.write(`Could not start the Discord bot: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  }
  const index = await openIndex(config.dataDir, { onArticleError: (e) => process.stderr.write(`${describeArticleError(e)}\n`) });
  const reload = startLiveReload(index, config.dataDir, { log: (line) => process.stderr.write(`${line}\n`) });
  try {
    await runTerminal(index);
  } finally {
    reload.close();
  }
  return 0;
}

process.exitCode = await main();
