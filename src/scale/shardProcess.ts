/**
 * One gateway shard (spawned by src/scale/shardManager.ts through discord.js's ShardingManager, never run
 * by hand). discord.js's Client reads its shard id and count from the environment the manager set
 * (SHARDS, SHARD_COUNT); this file adds what a shard needs from us: log lines that say which shard wrote
 * them, the manager's cooldown, and an exit when the manager is gone.
 */
import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { startGateway } from '../transports/gateway.js';
import { askLimits } from './sharedLimits.js';


if (!process.env.SHARDING_MANAGER || !process.send) {
  process.stderr.write('shardProcess: started by `npm start -- --shards N`, not directly\n');
  process.exit(2);
}

let config;
try {
  config = loadConfig();
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(2);
}
const shard = Number(process.env.SHARDS);
const logger = createLogger({ level: config.logLevel, secrets: [config.discord.token], fields: { shard } });
const limits = askLimits(config, (limiter, reason) => logger.warn(`${limiter} decided in this shard`, { reason }));
try {
  const gateway = await startGateway(config, { logger, cooldown: limits.cooldown, addQuota: limits.addQuota });
  // The manager was killed outright: nobody would respawn us or answer cooldowns; log out and go.
  process.once('disconnect', () => void gateway.stop('shard manager gone').then(() => process.exit(0)));
} catch (error) {
  logger.error('shard could not start', { error });
  process.exit(1);
}
