/**
 * Runs the HTTP interactions endpoint: `npm start -- --http` (or `npm run http`). Configuration problems
 * print one clear line and exit with status 2.
 */
import { ConfigError, loadConfig } from '../config.js';
import { startHttp } from '../transports/http.js';

try {
  await startHttp(loadConfig());
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  // A port in use and the like: say what happened.
  process.stderr.write(`Could not start the HTTP interactions endpoint: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
