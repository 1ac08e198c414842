import path from 'node:path';

/**
 * Who may read which articles. *Library* articles (`DATA_DIR/articles/`) are everyone's; a *server*
 * article (`DATA_DIR/servers/<guild id>/articles/`) belongs to the one Discord server that added it.
 * A scope is what one asker may read: the library, plus their server's own articles when they ask
 * from a server. DMs, the terminal and the CLI without `--server` see the library only.
 *
 * A server article's id is `<guild id>/<file slug>` (passage `<guild id>/<slug>#p3`). Library ids are
 * file slugs (`[a-z0-9-]`), which never hold a `/`, so the owner of any id is read off the id itself.
 */
export interface Scope {
  /** The Discord server (guild) id whose own articles are in scope, besides the library. */
  readonly server?: string | undefined;
}

/** The library alone: what DMs, the terminal and the CLI see. */
export const LIBRARY: Scope = Object.freeze({});

/** Guild ids are Discord snowflakes: digits only, so one can never name another folder. */
const SERVER_ID = /^\d{1,25}$/;

export function isServerId(value: string): boolean {
  return SERVER_ID.test(value);
}

/** The scope of an interaction: its server's, or the library's for a DM (no guild) or a malformed guild id. */
export function scopeOf(guildId: string | undefined): Scope {
  return guildId && isServerId(guildId) ? { server: guildId } : LIBRARY;
}

/** The server that owns an article or passage id, or undefined for a library one. */
export function ownerOf(id: string): string | undefined {
  const slash = id.indexOf('/');
  return slash > 0 ? id.slice(0, slash) : undefined;
}

/** Whether an article or passage id may be read in a scope. */
export function inScope(scope: Scope, id: string): boolean {
  const owner = ownerOf(id);
  return owner === undefined || owner === scope.server;
}

/** The article id of a file slug on a server's shelf (or in the library). */
export function scopedArticleId(server: string | undefined, slug: string): string {
  return server ? `${server}/${slug}` : slug;
}

/** `DATA_DIR/servers`: one folder per server that added articles. */
export function serversDir(dataDir: string): string {
  return path.join(dataDir, 'servers');
}

/** `DATA_DIR/servers/<id>/articles`, where one server's own articles live. */
export function serverArticlesDir(dataDir: string, server: string): string {
  if (!isServerId(server)) throw new Error(`scope: "${server}" is not a server id`);
  return path.join(serversDir(dataDir), server, 'articles');
}
