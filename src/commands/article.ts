import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { isServerId, LIBRARY, ownerOf } from '../corpus/scope.js';
import type { Article } from '../corpus/types.js';
import { articlesIn } from '../index/searchPassages.js';
import { findDuplicate, findOnShelf, formatBytes, IngestError, ingestUrlForDiscord, normalizeUrl, removeArticle, STRICT_POLICY, type Admission } from '../ingest/index.js';
import { renderNotice } from '../reply/discord.js';
import { escapeText } from '../reply/escape.js';
import { truncate } from '../reply/limits.js';
import { UserError, type Command, type CommandContext, type CommandRequest } from './types.js';

/**
 * `/article add url:` and `/article remove article:`, for server managers (default member permission
 * Manage Server; Discord enforces it, and server admins may change who sees the command). What a server
 * adds is its own: stored under `DATA_DIR/servers/<guild id>/articles/` and seen by that server alone;
 * remove reaches only those. Library articles (the operator's, every server's) are never written or
 * removed from Discord. The work is ingest's: a user-chosen URL is fetched under the strict address
 * policy (no loopback, private, link-local or metadata addresses, checked after DNS and on every
 * redirect; size and time limits), within per-server limits. Each add and remove is one audit log line.
 * The index picks the new or removed file up through live reload. Fetching can take seconds, so the
 * reply is deferred.
 */
export const article = {
  data: new SlashCommandBuilder()
    .setName('article')
    .setDescription('Add or remove one of this server’s own articles (server managers).')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) =>
      s
        .setName('add')
        .setDescription('Fetch a news article from the web and index it for this server.')
        .addStringOption((o) => o.setName('url').setDescription('The article’s http(s) address').setRequired(true).setMaxLength(2000)),
    )
    .addSubcommand((s) =>
      s
        .setName('remove')
        .setDescription('Remove an article this server added.')
        .addStringOption((o) => o.setName('article').setDescription('The article (pick a suggestion) or its URL').setRequired(true).setAutocomplete(true)),
    ),

  defer: { ephemeral: true },

  async execute(request, context) {
    const server = request.guildId;
    if (!server || !isServerId(server)) throw new UserError('`/article` works in a server only.');
    if (request.subcommand === 'add') return addArticle(request, context, server);
    if (request.subcommand === 'remove') return removeServerArticle(request, context, server);
    throw new UserError('Use `/article add` or `/article remove`.');
  },

  autocomplete(request, context) {
    // Only what this server may remove: its own articles, never the library's or another server's.
    const server = request.guildId;
    if (!server || !isServerId(server)) return [];
    const typed = String(request.options[request.focused] ?? '').trim().toLowerCase();
    return articlesIn(context.index, { server })
      .filter((a) => ownerOf(a.id) === server && (!typed || a.title.toLowerCase().includes(typed) || a.id.includes(typed)))
      .map((a) => ({ name: a.title, value: a.id }));
  },
} satisfies Command;

type Outcome = string;

async function addArticle(request: CommandRequest, context: CommandContext, server: string) {
  const url = String(request.options.url ?? '').trim();
  let outcome: Outcome = 'failed';
  let articleId: string | undefined;
  try {
    const library = libraryArticles(context);
    // The library already has that address: nothing to fetch, nothing to write.
    const known = /^https?:\/\//i.test(url) ? library.find((a) => a.url && normalizeUrl(a.url) === normalizeUrl(url)) : undefined;
    if (known) {
      outcome = 'in-library';
      articleId = known.id;
      throw new UserError(inLibrary(known));
    }
    const turn = await context.addQuota.take(server, context.now());
    if (!turn.ok) {
      outcome = 'over-limit';
      const minutes = Math.max(1, Math.ceil(turn.retryAfterMs / 60_000));
      throw new UserError(
        `This server has added ${context.serverLimits.addsPerHour} articles in the last hour, the most it may. Nothing was added; try again in ${minutes} min.`,
      );
    }
    const result = await ingestUrlForDiscord(
      url,
      context.dataDir,
      { policy: { ...STRICT_POLICY, allowAddresses: context.allowAddresses } },
      { server, admit: (admission) => admit(admission, library, context) },
    );
    if (!result.ok) {
      outcome = result.error.code === 'in-library' || result.error.code === 'over-limit' ? result.error.code : `refused:${result.error.code}`;
      throw new UserError(result.error.code === 'in-library' || result.error.code === 'over-limit' ? result.error.message : `Could not add that article: ${escapeText(result.error.message)}`);
    }
    const { status, article: added, words } = result.result;
    outcome = status;
    articleId = added.id;
    const verb = status === 'created' ? 'Added' : status === 'updated' ? 'Updated' : 'Already had';
    return {
      type: 4 as const,
      data: renderNotice(
        `${verb} **${escapeText(added.title)}** (${added.paragraphs.length} passages, ${words} words) as \`${added.id}\`, for this server only. ` +
          (status === 'unchanged' ? '' : 'It can be asked about in a moment.'),
      ),
    };
  } finally {
    audit(context, 'add', request, server, { article: articleId, url, outcome });
  }
}

/**
 * The per-server limits and the library check, run inside the shelf's write lock with the fetched
 * article in hand: an update of an article the server already has does not count as one more.
 */
function admit({ candidate, bytes, existing, replaces }: Admission, library: Article[], context: CommandContext): void {
  const shared = findDuplicate(library, candidate);
  if (shared) throw new IngestError('in-library', inLibrary(shared));
  const limits = context.serverLimits;
  const count = existing.length + (replaces ? 0 : 1);
  if (count > limits.maxArticles) {
    throw new IngestError('over-limit', `This server has ${existing.length} articles, the most it may hold (${limits.maxArticles}). Nothing was added; remove one with \`/article remove\` first.`);
  }
  const total = existing.reduce((sum, e) => sum + (e.article.id === replaces?.id ? 0 : e.bytes), 0) + bytes;
  if (total > limits.maxBytes) {
    throw new IngestError(
      'over-limit',
      `That article would bring this server's articles to ${formatBytes(total)}, over its ${formatBytes(limits.maxBytes)} limit. Nothing was added; remove an article with \`/article remove\` first.`,
    );
  }
}

async function removeServerArticle(request: CommandRequest, context: CommandContext, server: string) {
  const wanted = String(request.options.article ?? '').trim();
  let outcome: Outcome = 'failed';
  let articleId: string | undefined;
  let url: string | undefined;
  try {
    const result = await removeArticle(context.dataDir, wanted, server);
    if (result.ok) {
      outcome = 'removed';
      articleId = result.id;
      url = context.index.corpus.articleById.get(result.id)?.url;
      return { type: 4 as const, data: renderNotice(`Removed **${escapeText(result.title)}** (\`${result.id}\`) from this server's articles.`) };
    }
    const shared = findOnShelf(libraryArticles(context), wanted);
    if (shared) {
      outcome = 'refused:library';
      articleId = shared.id;
      throw new UserError(
        `**${escapeText(shared.title)}** is in the bot's library, which every server shares: it can't be removed from Discord. \`/article remove\` removes articles this server added.`,
      );
    }
    outcome = 'not-found';
    // Another server's article looks exactly like one that does not exist.
    throw new UserError(`This server has no article ${escapeText(truncate(JSON.stringify(wanted), 100))}. Pick one from the suggestions.`);
  } finally {
    audit(context, 'remove', request, server, { article: articleId, url: url ?? (/^https?:\/\//i.test(wanted) ? wanted : undefined), outcome });
  }
}

function libraryArticles(context: CommandContext): Article[] {
  return articlesIn(context.index, LIBRARY);
}

function inLibrary(shared: Article): string {
  return `The bot's library already has that article: **${escapeText(shared.title)}** (\`${shared.id}\`), and every server can ask about it. Nothing was added.`;
}


/** One line per add and remove, whatever the outcome: which server, who, which article and URL, and what happened. */
function audit(context: CommandContext, action: 'add' | 'remove', request: CommandRequest, server: string, facts: { article?: string | undefined; url?: string | undefined; outcome: Outcome }): void {
  context.logger.info('audit', { action, server, user: request.userId, article: facts.article ?? null, url: facts.url ? truncate(facts.url, 300) : null, outcome: facts.outcome });
}
