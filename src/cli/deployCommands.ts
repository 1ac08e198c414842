/**
 * `npm run deploy-commands [-- --dry-run]`: PUTs the command definitions to Discord, to DISCORD_GUILD_ID
 * when set (instant; for development) or globally (for production; Discord may take a while to show them).
 * `--dry-run` prints the JSON and needs no token.
 */
import { pathToFileURL } from 'node:url';
import { REST, Routes, type RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import { commandDefinitions } from '../commands/index.js';
import { ConfigError, loadConfig, requireDiscord, type Config } from '../config.js';
import { exitQuietlyOnBrokenPipe } from './io.js';

export interface DeployResult {
  /** The REST route PUT to (or that would be, on a dry run). */
  route: string;
  scope: 'guild' | 'global';
  body: RESTPostAPIApplicationCommandsJSONBody[];
  /** How many commands Discord says are registered now (undefined on a dry run). */
  registered?: number;
}

export async function deployCommands(config: Config, options: { dryRun?: boolean } = {}): Promise<DeployResult> {
  const body = commandDefinitions();
  const { clientId, guildId, token, apiBase } = config.discord;
  const scope = guildId ? 'guild' : 'global';
  const route = (id: string) => (guildId ? Routes.applicationGuildCommands(id, guildId) : Routes.applicationCommands(id));
  if (options.dryRun) return { route: clientId ? route(clientId) : route('0').replace('/0/', '/{DISCORD_CLIENT_ID}/'), scope, body };
  requireDiscord(config, ['DISCORD_TOKEN', 'DISCORD_CLIENT_ID']);
  const rest = new REST({ api: apiBase }).setToken(token!);
  const registered = (await rest.put(route(clientId!), { body })) as unknown[];
  return { route: route(clientId!), scope, body, registered: registered.length };
}

/** The command line: returns the exit status (0 ok, 1 Discord refused, 2 configuration). */
export async function main(
  argv: string[],
  env?: NodeJS.ProcessEnv,
  io: { out: (text: string) => void; err: (text: string) => void } = {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  },
): Promise<number> {
  const dryRun = argv.includes('--dry-run');
  try {
    const result = await deployCommands(env ? loadConfig(env) : loadConfig(), { dryRun });
    if (dryRun) {
      io.out(`${JSON.stringify(result.body, null, 2)}\n`);
      io.err(`dry run: would PUT ${result.body.length} commands to ${result.route} (${result.scope})\n`);
    } else {
      io.out(`Deployed ${result.registered} commands to ${result.route} (${result.scope}).\n`);
    }
    return 0;
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : `Deploying commands failed: ${error instanceof Error ? error.message : String(error)}`;
    io.err(`${message}\n`);
    return error instanceof ConfigError ? 2 : 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  exitQuietlyOnBrokenPipe();
  process.exitCode = await main(process.argv.slice(2));
}
