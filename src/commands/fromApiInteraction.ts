/**
 * Builds the transport-free request from a raw interaction payload (`APIInteraction`), as the HTTP
 * interactions endpoint receives it and as the gateway's INTERACTION_CREATE carries it.
 */
import type { APIApplicationCommandInteractionDataOption, APIEmbed, APIInteraction } from 'discord.js';
import type { InteractionRequest, OptionValue } from './types.js';

/** The request for an interaction we handle, or undefined for the kinds we do not (PING, modals, selects). */
export function fromApiInteraction(interaction: APIInteraction): InteractionRequest | undefined {
  const base = {
    id: interaction.id,
    userId: interaction.member?.user.id ?? interaction.user?.id ?? 'unknown',
    guildId: interaction.guild_id,
    channelId: interaction.channel?.id,
  };
  switch (interaction.type) {
    case 2: {
      // Application command: chat input (1) or message context menu (3).
      const data = interaction.data;
      if (data.type === 1) {
        return { ...base, kind: 'command', name: data.name, subcommand: subcommandOf(data.options), options: flattenOptions(data.options) };
      }
      if (data.type === 3) {
        const target = data.resolved.messages[data.target_id];
        return {
          ...base,
          kind: 'command',
          name: data.name,
          options: {},
          targetMessage: { id: data.target_id, content: target?.content ?? '' },
        };
      }
      return undefined;
    }
    case 4: {
      const data = interaction.data;
      const options = data.options ?? [];
      const focused = findFocused(options);
      return { ...base, kind: 'autocomplete', name: data.name, options: flattenOptions(options), focused: focused ?? '' };
    }
    case 3: {
      const data = interaction.data;
      if (data.component_type !== 2) return undefined;
      const message = interaction.message;
      return {
        ...base,
        kind: 'component',
        customId: data.custom_id,
        message: { id: message.id, content: message.content ?? '', embeds: (message.embeds ?? []) as APIEmbed[] },
      };
    }
    default:
      return undefined;
  }
}

type RawOption =
  | APIApplicationCommandInteractionDataOption
  | { name: string; type: number; value?: unknown; options?: readonly RawOption[] | undefined; focused?: boolean | undefined };

/** Option values by name; subcommands and groups are flattened (we have none today, so names stay unique). */
export function flattenOptions(options: readonly RawOption[] | undefined): Record<string, OptionValue> {
  const out: Record<string, OptionValue> = {};
  for (const option of options ?? []) {
    if ('options' in option && option.options) Object.assign(out, flattenOptions(option.options as readonly RawOption[]));
    const value = 'value' in option ? option.value : undefined;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[option.name] = value;
  }
  return out;
}

/** The name of the (innermost) subcommand, if the command was called through one. Type 1 = subcommand. */
export function subcommandOf(options: readonly RawOption[] | undefined): string | undefined {
  for (const option of options ?? []) {
    if (option.type === 1) return option.name;
    if (option.type === 2 && 'options' in option) return subcommandOf(option.options as readonly RawOption[]);
  }
  return undefined;
}

function findFocused(options: readonly RawOption[]): string | undefined {
  for (const option of options) {
    if ('focused' in option && option.focused) return option.name;
    if ('options' in option && option.options) {
      const inner = findFocused(option.options as readonly RawOption[]);
      if (inner) return inner;
    }
  }
  return undefined;
}
