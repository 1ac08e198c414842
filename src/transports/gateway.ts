/**
 * The Discord gateway transport: the only module that knows the discord.js Client. It turns each
 * Interaction into a transport-free request, lets the dispatcher answer, and sends the answer back with
 * reply / update / respond. Only the Guilds intent: slash commands, buttons and the message context menu
 * carry everything we need, so no privileged intent (Message Content) is asked for.
 */
import { Client, Events, GatewayIntentBits, MessageFlags, type Interaction, type InteractionReplyOptions } from 'discord.js';
import { createCommandContext, deferralFor, handleInteraction } from '../commands/index.js';
import type { Cooldown } from '../commands/cooldown.js';
import { flattenOptions } from '../commands/fromApiInteraction.js';
import type { CommandContext, InteractionReply, InteractionRequest } from '../commands/types.js';
import type { MessageData } from '../reply/message.js';
import { requireDiscord, type Config } from '../config.js';
import type { SearchIndex } from '../index/buildIndex.js';
import { startLiveReload } from '../index/liveReload.js';
import { openIndex } from '../index/openIndex.js';
import { openFeedback } from '../feedback/store.js';
import type { FeedbackStore } from '../feedback/types.js';
import { createLogger, type Logger } from '../logger.js';
import { setDefaultAnswerer } from '../qa/ask.js';

export interface GatewayHandle {
  client: Client;
  /** Logs out and closes the gateway connection. Safe to call twice. */
  stop(reason?: string): Promise<void>;
}

export interface GatewayOptions {
  logger?: Logger;
  /**
   * A ready index, kept up to date by the caller. Without it the index is built from `config.dataDir`
   * and kept in step with the article files (live reload) until `stop()`.
   */
  index?: SearchIndex;
  /** Install SIGINT/SIGTERM/unhandledRejection handlers (default true; tests that embed the client turn it off). */
  handleProcessEvents?: boolean;
  /** A cooldown shared with other processes (a shard's, held by the shard manager); default: one in this process. */
  cooldown?: Cooldown;
  /** The `/article add` quota shared with other processes; default: one in this process. */
  addQuota?: Cooldown;
  /** Where votes go. Default: `DATA_DIR/bot.db`, opened here and closed by `stop()`; null: no voting. */
  feedback?: FeedbackStore | null;
}

/**
 * Logs in to Discord and answers interactions until stopped. Resolves once the gateway session is READY.
 *
 * @example
 * const config = loadConfig();
 * if (config.discord.token) await startGateway(config);
 */
export async function startGateway(config: Config, options: GatewayOptions = {}): Promise<GatewayHandle> {
  requireDiscord(config, ['DISCORD_TOKEN']);
  const token = config.discord.token!;
  // Every process that answers (a shard, a worker, the single process) answers the way the config says.
  setDefaultAnswerer(config.answerer);
  const logger = options.logger ?? createLogger({ level: config.logLevel, secrets: [token] });
  const index = options.index ?? (await loadIndex(config, logger));
  const reload = options.index
    ? undefined
    : startLiveReload(index, config.dataDir, { log: (line) => logger.info('articles', { change: line }) });
  const ownFeedback = options.feedback === undefined;
  const feedback = options.feedback === undefined ? openFeedback({ dataDir: config.dataDir, logger, salt: config.feedbackSalt }) : options.feedback;
  const context = createCommandContext({
    index,
    logger,
    cooldown: options.cooldown ?? config.cooldown,
    ...(options.addQuota ? { addQuota: options.addQuota } : {}),
    dataDir: config.dataDir,
    allowAddresses: config.articleAllowAddresses,
    serverLimits: config.serverLimits,
    ...(feedback ? { feedback } : {}),
  });

  // rest.api is the REST base; discord.js asks it for /gateway/bot and connects to the URL it returns.
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: config.discord.apiBase } });
  client.on(Events.InteractionCreate, (interaction) => void onInteraction(interaction, context, logger));
  client.on(Events.Error, (error) => logger.error('discord client error', { error }));
  client.on(Events.Warn, (message) => logger.warn('discord client warning', { message }));
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn('gateway disconnected', { code: event.code, shard }));
  if (config.logLevel === 'debug') client.on(Events.Debug, (message) => logger.debug('discord.js', { message }));
  client.once(Events.ClientReady, (ready) =>
    logger.info('ready', { user: ready.user.tag, application: ready.application.id, articles: index.corpus.articles.length }),
  );

  let stopped = false;
  const stop = async (reason = 'stop requested') => {
    if (stopped) return;
    stopped = true;
    logger.info('shutting down', { reason });
    reload?.close();
    await client.destroy();
    if (ownFeedback) feedback?.close();
    logger.info('stopped');
  };
  if (options.handleProcessEvents !== false) installProcessHandlers(stop, logger);

  try {
    await client.login(token);
  } catch (error) {
    // Nothing should outlive a failed start: the caller decides whether to exit or fall back.
    reload?.close();
    await client.destroy();
    if (ownFeedback) feedback?.close();
    throw error;
  }
  return { client, stop };
}

async function loadIndex(config: Config, logger: Logger): Promise<SearchIndex> {
  const index = await openIndex(config.dataDir, {
    onArticleError: (error) => logger.warn('article not loaded', { file: error.file, reason: error.message }),
    onWarning: (message) => logger.warn('index', { message }),
  });
  const { articles } = index.corpus;
  logger.info('corpus loaded', { dataDir: config.dataDir, articles: articles.length, paragraphs: index.corpus.paragraphById.size });
  return index;
}

/** One interaction, start to finish. Never throws: a failure to read or send is logged, the process carries on. */
async function onInteraction(interaction: Interaction, context: CommandContext, logger: Logger): Promise<void> {
  let request: InteractionRequest | undefined;
  let reply: InteractionReply | undefined;
  try {
    request = fromDiscordInteraction(interaction);
    if (!request) return;
    const deferral = deferralFor(request);
    if (deferral && interaction.isRepliable()) {
      // Slow work: acknowledge now (callback type 5), then edit the original response (webhook PATCH).
      await interaction.deferReply(deferral.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
      reply = await handleInteraction(request, context);
      if (reply.type !== 8) {
        const { flags: _fixedAtDefer, ...data } = toOptions(reply.data);
        await interaction.editReply(data);
      }
      return;
    }
    reply = await handleInteraction(request, context);
    await send(interaction, reply);
  } catch (error) {
    logger.error('reply failed', { interaction: interaction.id, kind: request?.kind, replyType: reply?.type, error });
  }
}

/** The transport-free request for a discord.js Interaction (undefined for kinds we do not handle). */
export function fromDiscordInteraction(interaction: Interaction): InteractionRequest | undefined {
  const base = {
    id: interaction.id,
    userId: interaction.user.id,
    guildId: interaction.guildId ?? undefined,
    channelId: interaction.channelId ?? undefined,
  };
  if (interaction.isChatInputCommand()) {
    return {
      ...base,
      kind: 'command',
      name: interaction.commandName,
      subcommand: interaction.options.getSubcommand(false) ?? undefined,
      options: flattenOptions(interaction.options.data),
    };
  }
  if (interaction.isMessageContextMenuCommand()) {
    const target = interaction.targetMessage;
    return { ...base, kind: 'command', name: interaction.commandName, options: {}, targetMessage: { id: target.id, content: target.content } };
  }
  if (interaction.isAutocomplete()) {
    const focused = interaction.options.getFocused(true).name;
    return { ...base, kind: 'autocomplete', name: interaction.commandName, options: flattenOptions(interaction.options.data), focused };
  }
  if (interaction.isButton()) {
    const message = interaction.message;
    return {
      ...base,
      kind: 'component',
      customId: interaction.customId,
      message: { id: message.id, content: message.content, embeds: message.embeds.map((e) => e.toJSON()) },
    };
  }
  return undefined;
}

/** Sends a callback body through discord.js: 4 → reply, 7 → update, 8 → respond. */
async function send(interaction: Interaction, reply: InteractionReply): Promise<void> {
  if (reply.type === 8) {
    if (interaction.isAutocomplete()) await interaction.respond(reply.data.choices);
    return;
  }
  if (reply.type === 7 && interaction.isMessageComponent()) {
    const { flags: _ignored, ...data } = toOptions(reply.data);
    await interaction.update(data);
    return;
  }
  if (interaction.isRepliable()) await interaction.reply(toOptions(reply.data));
}

function toOptions(data: MessageData): InteractionReplyOptions & { flags?: number } {
  return {
    ...(data.content !== undefined ? { content: data.content } : {}),
    ...(data.embeds ? { embeds: data.embeds } : {}),
    ...(data.components ? { components: data.components } : {}),
    ...(data.flags ? { flags: data.flags } : {}),
    allowedMentions: { parse: [] },
  };
}

/**
 * Process-level safety: an unhandled rejection is logged (one bad interaction must not kill the bot),
 * an uncaught exception is logged and exits (the process state is unknown), SIGINT/SIGTERM shut down cleanly.
 */
function installProcessHandlers(stop: (reason: string) => Promise<void>, logger: Logger): void {
  process.on('unhandledRejection', (error) => logger.error('unhandled rejection', { error }));
  process.on('uncaughtException', (error) => {
    logger.error('uncaught exception', { error });
    process.exit(1);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stop(signal).then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error('shutdown failed', { error });
          process.exit(1);
        },
      );
    });
  }
}
