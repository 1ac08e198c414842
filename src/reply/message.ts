import type { APIActionRowComponent, APIButtonComponentWithCustomId, APIEmbed } from 'discord.js';

/**
 * Message data in Discord API shape: what the renderers in this folder produce and what a command's
 * reply carries (`InteractionReply` in src/commands/types.ts). It lives here, below the commands, so the
 * renderers need nothing from the layer that calls them. `allowed_mentions` is required so no reply can forget it.
 */
export interface MessageData {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIButtonComponentWithCustomId>[];
  /** 64 = ephemeral. */
  flags?: number;
  allowed_mentions: { parse: [] };
}
