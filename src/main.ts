import 'dotenv/config';
import { describeArticleError, openIndex } from './index/openIndex.js';
import { startLiveReload } from './index/liveReload.js';
import { runTerminal } from './transports/terminal.js';

/**
 * Entry point: `npm start`. Without DISCORD_TOKEN the bot chats in the terminal; article files added,
 * changed or removed while it runs are picked up without a restart.
 */
async function main(): Promise<void> {
  const dataDir = process.env.DATA_DIR || 'data';
  const index = await openIndex(dataDir, { onArticleError: (e) => process.stderr.write(`${describeArticleError(e)}\n`) });
  const reload = startLiveReload(index, dataDir, { log: (line) => process.stderr.write(`${line}\n`) });
  try {
    await runTerminal(index);
  } finally {
    reload.close();
  }
}

// `npm start -- --http`: the HTTP interactions endpoint instead (src/cli/http.ts, see docs/http.md).
if (process.argv.slice(2).includes('--http')) await import('./cli/http.js');
else await main();
