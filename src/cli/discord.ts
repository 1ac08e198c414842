/**
 * Runs the Discord bot (gateway) on its own: `npm run bot`. `npm start` (src/main.ts) does the same when
 * DISCORD_TOKEN is set. Configuration problems print one clear line and exit with status 2.
 */
import { ConfigError, loadConfig } from '../config.js';
import { startGateway } from '../transports/gateway.js';

try {
  await startGateway(loadConfig());
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  // Login failures and the like: say what happened, without a token (discord.js never puts it in messages).
  process.stderr.write(`Could not start the Discord bot: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
