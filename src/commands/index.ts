/**
 * The command registry and the one dispatcher every transport calls: the gateway (discord.js), the HTTP
 * interactions endpoint and tests. It applies the cooldown, routes to the handler, turns expected failures
 * into ephemeral notices and unexpected ones into "something went wrong" plus a logged error, fits the
 * reply to Discord's limits and logs one line per interaction.
 */
import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import type { SearchIndex } from '../index/buildIndex.js';
import { searchPassages, suggest } from '../index/searchPassages.js';
import { DEFAULT_SERVER_LIMITS, type ServerLimits } from '../config.js';
import type { Logger } from '../logger.js';
import { ask as askQuestion } from '../qa/ask.js';
import { NO_MENTIONS, renderNotice } from '../reply/discord.js';
import { escapeText } from '../reply/escape.js';
import { fitChoices, fitMessage } from '../reply/limits.js';
import { disabledStore } from '../feedback/store.js';
import type { FeedbackStore } from '../feedback/types.js';
import { article } from './article.js';
import { ask, moreSources } from './ask.js';
import { askMessage } from './askMessage.js';
import { createCooldown, isCooldown, type Cooldown, type CooldownSettings, type LocalCooldown } from './cooldown.js';
import { help } from './help.js';
import { passage, passageButtons } from './passage.js';
import { search, searchPage } from './search.js';
import { sources } from './sources.js';
import { vote } from './vote.js';
import {
  UserError,
  type Command,
  type CommandContext,
  type ComponentHandler,
  type InteractionReply,
  type InteractionRequest,
  type QaService,
} from './types.js';

export { UserError } from './types.js';
export type * from './types.js';

export const commands: readonly Command[] = [ask, search, passage, sources, help, askMessage, article];
export const componentHandlers: readonly ComponentHandler[] = [moreSources, searchPage, ...passageButtons, vote];

const commandByName = new Map(commands.map((c) => [c.data.name, c]));
const componentByPrefix = new Map(componentHandlers.map((h) => [h.prefix, h]));
if (commandByName.size !== commands.length) throw new Error('commands: two commands share a name');
if (componentByPrefix.size !== componentHandlers.length) throw new Error('commands: two button handlers share a prefix');

/** The JSON bodies to PUT to Discord (the builders validate themselves here). */
export function commandDefinitions(): RESTPostAPIApplicationCommandsJSONBody[] {
  return commands.map((c) => c.data.toJSON());
}

export const realQa: QaService = { ask: askQuestion, searchPassages, suggest };

/** The context handlers run with, from the index and the cooldown settings. */
export function createCommandContext(options: {
  index: SearchIndex;
  logger: Logger;
  /** Default `./data`. */
  dataDir?: string;
  allowAddresses?: readonly string[];
  serverLimits?: ServerLimits;
  /** The settings for a cooldown in this process, or a ready one (shared between processes, see src/scale). */
  cooldown: CooldownSettings | Cooldown;
  /** `/article add` per server per hour, when held by another process (default: in this process, from `serverLimits`). */
  addQuota?: Cooldown;
  qa?: QaService;
  /** Default: none (no vote buttons). The transports open `DATA_DIR/bot.db`. */
  feedback?: FeedbackStore;
  now?: () => number;
}): CommandContext {
  return {
    index: options.index,
    dataDir: options.dataDir ?? './data',
    allowAddresses: options.allowAddresses ?? [],
    serverLimits: options.serverLimits ?? DEFAULT_SERVER_LIMITS,
    addQuota: options.addQuota ?? createAddQuota(options.serverLimits ?? DEFAULT_SERVER_LIMITS),
    logger: options.logger,
    qa: options.qa ?? realQa,
    cooldown: isCooldown(options.cooldown) ? options.cooldown : createCooldown(options.cooldown),
    feedback: options.feedback ?? disabledStore(),
    now: options.now ?? Date.now,
  };
}

export const ADD_QUOTA_WINDOW_MS = 3_600_000;

/** The `/article add` quota: at most `addsPerHour` per server (guild id) in any hour. */
export function createAddQuota(limits: ServerLimits): LocalCooldown {
  return createCooldown({ maxRequests: limits.addsPerHour, windowMs: ADD_QUOTA_WINDOW_MS });
}

const SLOW_MS = 2000;

/** Whether the transport should acknowledge first and edit the reply in later (see `Command.defer`). */
export function deferralFor(request: InteractionRequest): { ephemeral: boolean } | undefined {
  return request.kind === 'command' ? commandByName.get(request.name)?.defer : undefined;
}

export const SOMETHING_WENT_WRONG = 'Something went wrong while answering. It has been logged; please try again later.';

/** Handles one interaction and returns the callback body to send. Never throws. */
export async function handleInteraction(request: InteractionRequest, context: CommandContext): Promise<InteractionReply> {
  const started = performance.now();
  let outcome = 'ok';
  try {
    if (request.kind === 'autocomplete') {
      // Autocomplete fires on every keystroke: no cooldown, and never an error dialog.
      const command = commandByName.get(request.name);
      return { type: 8, data: { choices: fitChoices(command?.autocomplete?.(request, context) ?? []) } };
    }
    const turn = await context.cooldown.take(request.userId, context.now());
    if (!turn.ok) {
      outcome = 'cooldown';
      const seconds = Math.max(1, Math.ceil(turn.retryAfterMs / 1000));
      return { type: 4, data: renderNotice(`You're asking quickly: please wait ${seconds} s and try again.`) };
    }
    const reply = await route(request, context);
    if (reply.type === 8) return { type: 8, data: { choices: fitChoices(reply.data.choices) } };
    // Belt and braces: whatever a handler built, it fits and pings no one.
    return { type: reply.type, data: { ...fitMessage(reply.data), allowed_mentions: NO_MENTIONS } };
  } catch (error) {
    if (error instanceof UserError) {
      outcome = 'user_error';
      if (request.kind === 'autocomplete') return { type: 8, data: { choices: [] } };
      return { type: 4, data: renderNotice(error.message) };
    }
    outcome = 'error';
    context.logger.error('interaction failed', { ...describe(request), error });
    if (request.kind === 'autocomplete') return { type: 8, data: { choices: [] } };
    return { type: 4, data: renderNotice(SOMETHING_WENT_WRONG) };
  } finally {
    const latencyMs = Math.round(performance.now() - started);
    context.logger.info('interaction', { ...describe(request), outcome, latencyMs });
    // Discord drops a reply that comes after 3 s; answering is synchronous and takes milliseconds, so this
    // warns of a regression rather than deferring.
    if (latencyMs > SLOW_MS && !deferralFor(request)) context.logger.warn('slow interaction', { ...describe(request), latencyMs });
  }
}

function route(request: Exclude<InteractionRequest, { kind: 'autocomplete' }>, context: CommandContext) {
  if (request.kind === 'command') {
    const command = commandByName.get(request.name);
    if (!command) throw new UserError(`I don't have a command called "${escapeText(request.name)}" (any more).`);
    return command.execute(request, context);
  }
  const handler = componentByPrefix.get(request.customId.split(':')[0] ?? '');
  if (!handler) throw new UserError('This button is not one I understand any more.');
  return handler.handle(request, context);
}

/** What a log line says about an interaction: never the user's text, never a token. */
function describe(request: InteractionRequest): Record<string, unknown> {
  return {
    interaction: request.id,
    kind: request.kind,
    command: request.kind === 'component' ? request.customId.split(':')[0] : request.name,
    ...(request.kind === 'component' ? { customId: request.customId } : {}),
    user: request.userId,
    guild: request.guildId,
  };
}
