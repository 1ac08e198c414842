import type { APIApplicationCommandOptionChoice, APIEmbed, RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import type { ServerLimits } from '../config.js';
import type { SearchIndex } from '../index/buildIndex.js';
import type { Logger } from '../logger.js';
import type { ask } from '../qa/ask.js';
import type { MessageData } from '../reply/message.js';
import type { searchPassages, suggest } from '../index/searchPassages.js';
import type { FeedbackStore } from '../feedback/types.js';
import type { Cooldown } from './cooldown.js';

/** An option value as Discord sends it (strings, integers, numbers, booleans; ids arrive as strings). */
export type OptionValue = string | number | boolean;

/** Who acted and where: the part every interaction has. */
export interface RequestBase {
  /** The interaction id (for logs). */
  id: string;
  userId: string;
  guildId?: string | undefined;
  channelId?: string | undefined;
}

/** A slash command or a context-menu command. `targetMessage` is set for message context menus. */
export interface CommandRequest extends RequestBase {
  kind: 'command';
  name: string;
  /** For commands with subcommands (`/article add`): the subcommand's name. */
  subcommand?: string | undefined;
  options: Record<string, OptionValue>;
  targetMessage?: { id: string; content: string } | undefined;
}

/** The user is typing into an option with autocomplete; `focused` names that option. */
export interface AutocompleteRequest extends RequestBase {
  kind: 'autocomplete';
  name: string;
  options: Record<string, OptionValue>;
  focused: string;
}

/** A button click on one of our messages; `message` is that message as Discord sends it back. */
export interface ComponentRequest extends RequestBase {
  kind: 'component';
  customId: string;
  message: { id: string; content: string; embeds: APIEmbed[] };
}

/** A transport-free interaction: built from a raw API payload or from a discord.js Interaction. */
export type InteractionRequest = CommandRequest | AutocompleteRequest | ComponentRequest;

/**
 * What a handler returns: exactly the body of an interaction callback (`APIInteractionResponse`), so the
 * HTTP endpoint can send it as is and the gateway maps it onto reply / update / respond.
 * Types: 4 = new message, 7 = update the clicked message, 8 = autocomplete choices.
 */
export type InteractionReply =
  | { type: 4; data: MessageData }
  | { type: 7; data: MessageData }
  | { type: 8; data: { choices: APIApplicationCommandOptionChoice[] } };

/** The question-answering functions commands call; injectable so handler tests can pin an Answer. */
export interface QaService {
  ask: typeof ask;
  searchPassages: typeof searchPassages;
  suggest: typeof suggest;
}

/** Everything a handler may use; built once at start-up and passed down. */
export interface CommandContext {
  index: SearchIndex;
  /** Where article files live (commands that add or remove articles write there; live reload re-indexes). */
  dataDir: string;
  /** Exact addresses a user-supplied article URL may reach despite the strict policy (an operator's mirror). */
  allowAddresses: readonly string[];
  /** What one server may add with `/article add`. */
  serverLimits: ServerLimits;
  qa: QaService;
  cooldown: Cooldown;
  /** `/article add` per server per hour (keyed by guild id); like the cooldown, possibly held by another process. */
  addQuota: Cooldown;
  /** Where answers and their 👍 / 👎 votes are kept; a disabled store when there is no database. */
  feedback: FeedbackStore;
  logger: Logger;
  now: () => number;
}

/** A command definition as it is PUT to Discord (a discord.js builder). */
export interface CommandData {
  readonly name: string;
  toJSON(): RESTPostAPIApplicationCommandsJSONBody;
}

export interface Command {
  data: CommandData;
  /**
   * Set for commands whose work can outlast Discord's 3-second window (fetching a web page): the
   * transport acknowledges at once ("thinking…", ephemeral or not) and edits in the reply when it is ready.
   */
  defer?: { ephemeral: boolean };
  execute(request: CommandRequest, context: CommandContext): InteractionReply | Promise<InteractionReply>;
  autocomplete?(request: AutocompleteRequest, context: CommandContext): APIApplicationCommandOptionChoice[];
}

/** Handles clicks on buttons whose custom_id starts with `prefix + ':'`. */
export interface ComponentHandler {
  prefix: string;
  handle(request: ComponentRequest, context: CommandContext): InteractionReply | Promise<InteractionReply>;
}

/** An expected failure the user caused or can fix; shown to them ephemerally, logged as a user error only. */
export class UserError extends Error {
  override name = 'UserError';
}
