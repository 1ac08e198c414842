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

await main();
