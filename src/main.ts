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

// `npm start -- --http`: the HTTP interactions endpoint instead (src/cli/http.ts, see docs/http.md).
if (process.argv.slice(2).includes('--http')) await import('./cli/http.js');
else await main();
