import 'dotenv/config';
import { describeArticleError, openIndex } from './index/openIndex.js';
import { runTerminal } from './transports/terminal.js';

/**
 * Entry point: `npm start`. Without DISCORD_TOKEN the bot chats in the terminal; the Discord transports
 * are wired here as they land.
 */
async function main(): Promise<void> {
  const dataDir = process.env.DATA_DIR || 'data';
  const index = await openIndex(dataDir, { onArticleError: (e) => process.stderr.write(`${describeArticleError(e)}\n`) });
  await runTerminal(index);
}

await main();
