import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { ingestUrlForDiscord, removeArticle, STRICT_POLICY } from '../ingest/index.js';
import { renderNotice } from '../reply/discord.js';
import { escapeText } from '../reply/escape.js';
import { matchArticles } from './input.js';
import { UserError, type Command } from './types.js';

/**
 * `/article add url:` and `/article remove article:`, for server managers (default member permission
 * Manage Server; Discord enforces it, and server admins may change who sees the command). The work is
 * ingest's: a user-chosen URL is fetched under the strict address policy (no loopback, private, link-local
 * or metadata addresses, checked after DNS and on every redirect; size and time limits). The index picks
 * the new or removed file up through live reload. Fetching can take seconds, so the reply is deferred.
 */
export const article = {
  data: new SlashCommandBuilder()
    .setName('article')
    .setDescription('Add or remove an indexed article (server managers).')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) =>
      s
        .setName('add')
        .setDescription('Fetch a news article from the web and index it.')
        .addStringOption((o) => o.setName('url').setDescription('The article’s http(s) address').setRequired(true).setMaxLength(2000)),
    )
    .addSubcommand((s) =>
      s
        .setName('remove')
        .setDescription('Remove an indexed article.')
        .addStringOption((o) => o.setName('article').setDescription('The article (pick a suggestion) or its URL').setRequired(true).setAutocomplete(true)),
    ),

  defer: { ephemeral: true },

  async execute(request, context) {
    if (!request.guildId) throw new UserError('`/article` works in a server only.');
    if (request.subcommand === 'add') {
      const url = String(request.options.url ?? '').trim();
      const outcome = await ingestUrlForDiscord(url, context.dataDir, { policy: { ...STRICT_POLICY, allowAddresses: context.allowAddresses } });
      if (!outcome.ok) throw new UserError(`Could not add that article: ${escapeText(outcome.error.message)}`);
      const { status, article: added, words } = outcome.result;
      const verb = status === 'created' ? 'Added' : status === 'updated' ? 'Updated' : 'Already had';
      return {
        type: 4,
        data: renderNotice(
          `${verb} **${escapeText(added.title)}** (${added.paragraphs.length} passages, ${words} words) as \`${added.id}\`. ` +
            (status === 'unchanged' ? '' : 'It can be asked about in a moment.'),
        ),
      };
    }
    if (request.subcommand === 'remove') {
      const outcome = await removeArticle(context.dataDir, String(request.options.article ?? ''));
      if (!outcome.ok) throw new UserError(`Could not remove that article: ${escapeText(outcome.error.message)}`);
      return { type: 4, data: renderNotice(`Removed **${escapeText(outcome.title)}** (\`${outcome.id}\`).`) };
    }
    throw new UserError('Use `/article add` or `/article remove`.');
  },

  autocomplete(request, context) {
    return matchArticles(request.options[request.focused], context).map((a) => ({ name: a.title, value: a.id }));
  },
} satisfies Command;
