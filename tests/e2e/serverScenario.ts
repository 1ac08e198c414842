/**
 * Each Discord server its own articles, end to end: one scenario run against the real bot process in
 * gateway mode (`npm start` with a token, against the loopback Discord) and in HTTP mode (`npm start --
 * --http`, signed requests). Two servers, A and B, add the same article; a third, C, adds none and runs
 * into the per-server limits; a DM sees the library only. Guild interactions carry `member`, DMs `user`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { access, cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../ingest/loopbackServer.js';
import { DATA_DIR, ROOT } from '../helpers.js';
import { APP_ID, fakeMessage, FakeDiscord, interaction } from './fakeDiscord.js';
import { collectJsonLogs } from './jsonLogs.js';

export const A = '700000000000000001';
export const B = '700000000000000002';
export const C = '700000000000000003';
const MANAGER = { id: '700000000000000011', username: 'manager', discriminator: '0', global_name: 'Manager', avatar: null };
const READER = { id: '700000000000000012', username: 'reader', discriminator: '0', global_name: 'Reader', avatar: null };
const SLUG = 'harbour-town-votes-to-rebuild-its-1902-swing-bridge';
const LIBRARY_ARTICLE = 'indonesia-japan-automotive';

export interface Reply {
  type: number;
  data: any;
}

/** How one transport delivers an interaction to the bot process and brings back what it answered. */
export interface Transport {
  /** The reply to an interaction answered at once (callback body or HTTP response body). */
  send(payload: { id: string; token: string }): Promise<Reply>;
  /** A deferred interaction (`/article`): the acknowledgement, then the reply edited in through the webhook route. */
  sendDeferred(payload: { id: string; token: string }): Promise<{ ack: Reply; edit: any }>;
  logs: Array<Record<string, any>>;
  /** Everything the process printed (for failure messages). */
  output(): string;
  stop(): Promise<number | null>;
}

export interface ScenarioOptions {
  name: string;
  /** Extra environment for the bot process (its per-server limits). */
  env: Record<string, string>;
  /** Starts the bot process for `dataDir` and connects a transport to it. */
  start(env: Record<string, string>, discord: FakeDiscord): Promise<Transport>;
  /** What server C runs into on its second add: the article count or the bytes limit. */
  storageLimit: RegExp;
}

/** Spawns the real entry point (`tsx src/main.ts`, as `npm start` runs it) and collects its JSON log lines. */
export function spawnBot(args: string[], env: Record<string, string>): { child: ChildProcess; logs: Array<Record<string, any>>; output: () => string; exited: Promise<unknown> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('src', 'main.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', COOLDOWN_MAX_REQUESTS: '0', ARTICLE_ALLOW_ADDRESSES: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { logs, output } = collectJsonLogs(child);
  return { child, logs, output, exited: once(child, 'exit') };
}

type Bot = ReturnType<typeof spawnBot>;

/** SIGTERM to the bot, and its exit code once it has gone (at once if it had already exited). */
export async function stopBot(bot: Bot): Promise<number | null> {
  if (bot.child.exitCode !== null) return bot.child.exitCode;
  bot.child.kill('SIGTERM');
  await bot.exited;
  return bot.child.exitCode;
}

/** The deferred reply's edit: the PATCH of the interaction's original message the bot sends to the stand-in. */
export async function deferredEdit(discord: FakeDiscord, token: string): Promise<unknown> {
  const edit = await discord.waitForRequest((r) => r.method === 'PATCH' && r.path === `/api/v10/webhooks/${APP_ID}/${token}/messages/@original`, 15_000);
  return edit.body;
}

export async function waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** An interaction in server `guild`, by a member. */
function inGuild(guild: string, type: 2 | 3 | 4, data: object, extra: object = {}, user = MANAGER) {
  const payload = interaction(type, data, extra) as Record<string, any>;
  payload.guild_id = guild;
  payload.channel = { ...payload.channel, guild_id: guild };
  payload.authorizing_integration_owners = { '0': guild };
  payload.member = { ...payload.member, user, permissions: '32' };
  return payload as { id: string; token: string };
}

/** The same interaction in a DM: `user`, no guild, no member. */
function inDm(type: 2 | 3 | 4, data: object, extra: object = {}) {
  const payload = interaction(type, data, extra) as Record<string, any>;
  delete payload.guild_id;
  delete payload.member;
  delete payload.guild_locale;
  payload.user = READER;
  payload.channel = { id: '700000000000000099', type: 1, recipients: [READER], last_message_id: null, flags: 0 };
  payload.channel_id = payload.channel.id;
  payload.authorizing_integration_owners = { '1': READER.id };
  payload.context = 1;
  return payload as { id: string; token: string };
}

const option = (name: string, value: unknown, focused?: boolean) => ({ name, type: 3, value, ...(focused ? { focused } : {}) });
const slashData = (name: string, options: object[]) => ({ id: '1', name, type: 1, options });
const articleData = (sub: 'add' | 'remove', name: string, value: string, focused?: boolean) =>
  ({ id: '1', name: 'article', type: 1, options: [{ name: sub, type: 1, options: [option(name, value, focused)] }] });
const menuData = (content: string) => {
  const target = fakeMessage({ content }, READER);
  return { id: '1', name: 'Ask the article', type: 3, target_id: target.id, resolved: { messages: { [target.id]: target } } };
};
const click = (customId: string, embeds: unknown[] = []) => [3, { component_type: 2, custom_id: customId }, { message: fakeMessage({ embeds }) }] as const;

/** Everything a reply shows, as one string: the place a leaked id or passage would appear. */
const shown = (reply: Reply) => JSON.stringify(reply);
const buttonIds = (reply: Reply): string[] => (reply.data.components ?? []).flatMap((row: any) => row.components.map((c: any) => c.custom_id));

export function serverScenario(options: ScenarioOptions): void {
  describe(`each server its own articles (${options.name})`, { timeout: 30_000 }, () => {
    let site: LoopbackServer;
    let discord: FakeDiscord;
    let dataDir: string;
    let bot: Transport;
    const harbourUrl = () => `${site.origin}/news/harbour`;
    const shelf = (server: string) => path.join(dataDir, 'servers', server, 'articles');
    const send = (payload: { id: string; token: string }) => bot.send(payload);
    const deferred = async (payload: { id: string; token: string }): Promise<string> => {
      const { ack, edit } = await bot.sendDeferred(payload);
      expect(ack).toEqual({ type: 5, data: { flags: 64 } });
      expect(edit.allowed_mentions).toEqual({ parse: [] });
      return edit.content as string;
    };
    const reloaded = (change: string) => waitFor(() => bot.logs.find((l) => l.msg === 'articles' && String(l.change).includes(change)), `live reload of ${change}`);
    const audits = () => bot.logs.filter((l) => l.msg === 'audit');

    beforeAll(async () => {
      site = await startLoopbackServer();
      discord = await FakeDiscord.start();
      dataDir = await mkdtemp(path.join(tmpdir(), 'qa-bot-servers-'));
      await cp(path.join(DATA_DIR, 'articles'), path.join(dataDir, 'articles'), { recursive: true });
      // A library article (the operator's) at an address servers will try to add.
      await writeFile(
        path.join(dataDir, 'articles', 'orchard-frost.md'),
        `---\ntitle: Frost cuts apple harvest\nurl: ${site.origin}/news/orchard\n---\n\nA late frost cut the apple harvest in the valley orchards by a third this year.\n`,
      );
      bot = await options.start({ DATA_DIR: dataDir, DISCORD_API_BASE: discord.apiBase, ...options.env }, discord);
    }, 60_000);

    afterAll(async () => {
      if (process.env.E2E_OUTPUT) await writeFile(process.env.E2E_OUTPUT, bot?.output() ?? '');
      await bot?.stop();
      await discord?.close();
      await site?.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    it('GIVEN servers A and B add the same URL THEN two server articles, each in its own folder, and an audit line each', async () => {
      expect(await deferred(inGuild(A, 2, articleData('add', 'url', harbourUrl())))).toBe(
        `Added **Harbour town votes to rebuild its 1902 swing bridge** (6 passages, 204 words) as \`${A}/${SLUG}\`, for this server only. It can be asked about in a moment.`,
      );
      expect(await deferred(inGuild(B, 2, articleData('add', 'url', harbourUrl())))).toContain(`as \`${B}/${SLUG}\`, for this server only.`);
      await access(path.join(shelf(A), `${SLUG}.md`));
      await access(path.join(shelf(B), `${SLUG}.md`));
      expect(await readdir(path.join(dataDir, 'articles'))).toEqual([`${LIBRARY_ARTICLE}.md`, 'orchard-frost.md']);
      await reloaded(`+${A}/${SLUG}`);
      await reloaded(`+${B}/${SLUG}`);
      expect(audits()).toEqual([
        expect.objectContaining({ action: 'add', server: A, user: MANAGER.id, article: `${A}/${SLUG}`, url: harbourUrl(), outcome: 'created' }),
        expect.objectContaining({ action: 'add', server: B, user: MANAGER.id, article: `${B}/${SLUG}`, url: harbourUrl(), outcome: 'created' }),
      ]);
    });

    it("GIVEN /sources THEN each server lists the library and its own article; a DM and server C the library only", async () => {
      const fromA = await send(inGuild(A, 2, slashData('sources', [])));
      expect(fromA.data.embeds[0].title).toBe('Indexed articles (3)');
      expect(fromA.data.embeds[0].description).toContain(`\`${A}/${SLUG}\``);
      expect(shown(fromA)).not.toContain(`${B}/`);
      const fromB = await send(inGuild(B, 2, slashData('sources', [])));
      expect(fromB.data.embeds[0].description).toContain(`\`${B}/${SLUG}\``);
      expect(shown(fromB)).not.toContain(`${A}/`);
      for (const other of [inGuild(C, 2, slashData('sources', [])), inDm(2, slashData('sources', []))]) {
        const reply = await send(other);
        expect(reply.data.embeds[0].title).toBe('Indexed articles (2)');
        expect(shown(reply)).not.toContain('Harbour town');
      }
    });

    it("GIVEN /ask THEN A's answer cites A's copy, B's cites B's; C and a DM get nothing from either", async () => {
      const question = slashData('ask', [option('question', 'When was the bridge closed to vehicles?')]);
      const fromA = await send(inGuild(A, 2, question, {}, READER));
      expect(fromA.data.embeds[0].description).toContain('October');
      expect(shown(fromA)).toContain(`${A}/${SLUG}#p2`);
      expect(shown(fromA)).not.toContain(`${B}/`);
      const fromB = await send(inGuild(B, 2, question, {}, READER));
      expect(shown(fromB)).toContain(`${B}/${SLUG}#p2`);
      expect(shown(fromB)).not.toContain(`${A}/`);
      for (const other of [inGuild(C, 2, question, {}, READER), inDm(2, question)]) {
        const reply = await send(other);
        expect(shown(reply)).not.toMatch(/700000000000000\d{3}\/|Harbour town|girders/);
      }
    });

    it("GIVEN /ask article: THEN autocomplete offers the server's own and the library's; another server's id is unknown, as a made-up one", async () => {
      const typing = await send(inGuild(A, 4, slashData('ask', [option('question', 'x'), option('article', 'harbour', true)])));
      expect(typing).toEqual({ type: 8, data: { choices: [{ name: 'Harbour town votes to rebuild its 1902 swing bridge', value: `${A}/${SLUG}` }] } });
      const all = await send(inGuild(B, 4, slashData('ask', [option('question', 'x'), option('article', '', true)])));
      expect(all.data.choices.map((c: any) => c.value)).toEqual([LIBRARY_ARTICLE, 'orchard-frost', `${B}/${SLUG}`]);
      const own = await send(inGuild(A, 2, slashData('ask', [option('question', 'What did engineers find?'), option('article', `${A}/${SLUG}`)])));
      expect(shown(own)).toContain(`${A}/${SLUG}#p2`);
      // Its buttons keep the article filter.
      for (const id of buttonIds(own).filter((b) => b.startsWith('more:'))) expect(id).toMatch(new RegExp(`^more:\\d+:${A}/${SLUG}$`));
      const foreign = await send(inGuild(B, 2, slashData('ask', [option('question', 'What did engineers find?'), option('article', `${A}/${SLUG}`)])));
      const madeUp = await send(inGuild(B, 2, slashData('ask', [option('question', 'What did engineers find?'), option('article', `${B}/no-such-story`)])));
      expect(foreign.data.flags).toBe(64);
      expect(foreign.data.content.replace(`${A}/${SLUG}`, 'ID')).toBe(madeUp.data.content.replace(`${B}/no-such-story`, 'ID'));
    });

    it('GIVEN "Ask the article" THEN the message is asked in the clicking server\'s scope', async () => {
      const fromB = await send(inGuild(B, 2, menuData('how much will the rebuild cost?'), {}, READER));
      expect(fromB.data.embeds[0].description).toContain('18.4 million');
      expect(shown(fromB)).toContain(`${B}/${SLUG}`);
      expect(shown(fromB)).not.toContain(`${A}/`);
      const fromC = await send(inGuild(C, 2, menuData('how much will the rebuild cost?'), {}, READER));
      expect(shown(fromC)).not.toMatch(/700000000000000\d{3}\/|18\.4 million/);
    });

    it("GIVEN /search and its autocomplete THEN the server's own passages and the library's, never another server's", async () => {
      const results = await send(inGuild(A, 2, slashData('search', [option('query', 'swing bridge harbour')])));
      expect(shown(results)).toContain(`${A}/${SLUG}`);
      expect(shown(results)).not.toContain(`${B}/`);
      const typing = await send(inGuild(B, 4, slashData('search', [option('query', 'girders', true)])));
      expect(typing.data.choices[0]).toEqual({ name: 'girders', value: 'girders' });
      expect(typing.data.choices.slice(1).map((c: any) => c.value)).toEqual([`${B}/${SLUG}#p2`]);
      const fromC = await send(inGuild(C, 4, slashData('search', [option('query', 'girders', true)])));
      expect(fromC.data.choices).toEqual([{ name: 'girders', value: 'girders' }]);
      // A picked suggestion of another server's passage is not opened: it is searched as words, and finds nothing.
      const picked = await send(inGuild(C, 2, slashData('search', [option('query', `${A}/${SLUG}#p2`)])));
      expect(shown(picked)).not.toMatch(/girders|Harbour town/);
      const dm = await send(inDm(2, slashData('search', [option('query', 'swing bridge harbour')])));
      expect(shown(dm)).not.toMatch(/700000000000000\d{3}\/|Harbour town/);
    });

    it('GIVEN /passage with another server\'s id THEN the same "not found" as a made-up id; its own id opens; autocomplete stays in scope', async () => {
      const own = await send(inGuild(A, 2, slashData('passage', [option('id', `${A}/${SLUG}#p2`)])));
      expect(own.data.embeds[0].description).toContain('girders');
      const foreign = await send(inGuild(B, 2, slashData('passage', [option('id', `${A}/${SLUG}#p2`)])));
      const madeUp = await send(inGuild(B, 2, slashData('passage', [option('id', `${A}/no-such-story#p2`)])));
      expect(foreign.data).toMatchObject({ flags: 64, content: expect.stringMatching(/^There is no passage /) });
      expect(foreign.data.content.replace(SLUG, 'X')).toBe(madeUp.data.content.replace('no-such-story', 'X'));
      const typing = await send(inGuild(B, 4, slashData('passage', [option('id', `${A}/`, true)])));
      expect(shown(typing)).not.toContain(`${A}/`);
      const byWords = await send(inGuild(B, 4, slashData('passage', [option('id', 'girders', true)])));
      expect(byWords.data.choices.map((c: any) => c.value)).toEqual([`${B}/${SLUG}#p2`]);
    });

    it("GIVEN buttons whose custom_id is crafted to point at another server's passage or article THEN they show nothing of it", async () => {
      for (const kind of ['para', 'pnav']) {
        const foreign = await send(inGuild(B, ...click(`${kind}:${A}/${SLUG}#p2`)));
        const madeUp = await send(inGuild(B, ...click(`${kind}:${A}/no-such-story#p2`)));
        expect(foreign.data).toMatchObject({ flags: 64, content: expect.stringMatching(/^There is no passage /) });
        expect(foreign.data.content.replace(SLUG, 'X')).toBe(madeUp.data.content.replace('no-such-story', 'X'));
      }
      // Its own passage's button works.
      const own = await send(inGuild(A, ...click(`para:${A}/${SLUG}#p2`)));
      expect(own.data.embeds[0].description).toContain('girders');
      // "More sources" naming another server's article, under a question asked in B: B's sources, none of A's.
      const asked = await send(inGuild(B, 2, slashData('ask', [option('question', 'Who is the council treasurer?')])));
      const more = await send(inGuild(B, ...click(`more:0:${A}/${SLUG}`, asked.data.embeds)));
      expect(shown(more)).not.toContain(`${A}/`);
      // Paging search results under a crafted message: re-run in the clicker's scope.
      const fromA = await send(inGuild(A, 2, slashData('search', [option('query', 'harbour bridge')])));
      const paged = await send(inGuild(C, ...click('search:5:next', fromA.data.embeds)));
      expect(shown(paged)).not.toMatch(/700000000000000\d{3}\//);
    });

    it("GIVEN /article remove THEN only the server's own: another server's looks unknown, a library article is refused, nothing else is deleted", async () => {
      const typing = await send(inGuild(A, 4, articleData('remove', 'article', '', true)));
      expect(typing.data.choices).toEqual([{ name: 'Harbour town votes to rebuild its 1902 swing bridge', value: `${A}/${SLUG}` }]);
      const foreign = await deferred(inGuild(B, 2, articleData('remove', 'article', `${A}/${SLUG}`)));
      const madeUp = await deferred(inGuild(B, 2, articleData('remove', 'article', `${A}/no-such-story`)));
      expect(foreign).toMatch(/^This server has no article /);
      expect(foreign.replace(SLUG, 'X')).toBe(madeUp.replace('no-such-story', 'X'));
      const library = await deferred(inGuild(A, 2, articleData('remove', 'article', LIBRARY_ARTICLE)));
      expect(library).toMatch(/is in the bot's library, which every server shares: it can't be removed from Discord/);
      await access(path.join(shelf(A), `${SLUG}.md`));
      await access(path.join(dataDir, 'articles', `${LIBRARY_ARTICLE}.md`));

      expect(await deferred(inGuild(A, 2, articleData('remove', 'article', `${A}/${SLUG}`)))).toBe(
        `Removed **Harbour town votes to rebuild its 1902 swing bridge** (\`${A}/${SLUG}\`) from this server's articles.`,
      );
      await expect(access(path.join(shelf(A), `${SLUG}.md`))).rejects.toThrow();
      await reloaded(`-${A}/${SLUG}`);
      const fromB = await send(inGuild(B, 2, slashData('sources', [])));
      expect(fromB.data.embeds[0].description).toContain(`\`${B}/${SLUG}\``);
      expect(audits().slice(-4).map((l) => [l.action, l.server, l.article, l.outcome])).toEqual([
        ['remove', B, null, 'not-found'],
        ['remove', B, null, 'not-found'],
        ['remove', A, LIBRARY_ARTICLE, 'refused:library'],
        ['remove', A, `${A}/${SLUG}`, 'removed'],
      ]);
    });

    it('GIVEN /article add of a URL the library has THEN it says so and writes nothing', async () => {
      const before = await readdir(path.join(dataDir, 'servers'));
      const content = await deferred(inGuild(A, 2, articleData('add', 'url', `${site.origin}/news/orchard`)));
      expect(content).toBe("The bot's library already has that article: **Frost cuts apple harvest** (`orchard-frost`), and every server can ask about it. Nothing was added.");
      expect(await readdir(shelf(A))).toEqual([]);
      expect(await readdir(path.join(dataDir, 'servers'))).toEqual(before);
      expect(audits().at(-1)).toMatchObject({ action: 'add', server: A, article: 'orchard-frost', url: `${site.origin}/news/orchard`, outcome: 'in-library' });
    });

    it('GIVEN server C past its limits THEN a clear ephemeral message each time and nothing written', async () => {
      expect(await deferred(inGuild(C, 2, articleData('add', 'url', harbourUrl())))).toMatch(/^Added /);
      // The second article passes the storage limit (articles or bytes, by this run's configuration).
      expect(await deferred(inGuild(C, 2, articleData('add', 'url', `${site.origin}/news/ferry`)))).toMatch(options.storageLimit);
      expect(await deferred(inGuild(C, 2, articleData('add', 'url', `${site.origin}/notes.txt`)))).toMatch(options.storageLimit);
      // Three adds in the hour (the configured most): the fourth is refused before anything is fetched.
      const fetched = site.seen.length;
      expect(await deferred(inGuild(C, 2, articleData('add', 'url', `${site.origin}/news/ferry`)))).toMatch(
        /^This server has added 3 articles in the last hour, the most it may\. Nothing was added; try again in \d+ min\.$/,
      );
      expect(site.seen.length).toBe(fetched);
      expect(await readdir(shelf(C))).toEqual([`${SLUG}.md`]);
      expect(audits().slice(-4).map((l) => l.outcome)).toEqual(['created', 'over-limit', 'over-limit', 'over-limit']);
      // Limits are per server: A still adds.
      expect(await deferred(inGuild(A, 2, articleData('add', 'url', `${site.origin}/news/ferry`)))).toMatch(/^Added /);
    });

    it('GIVEN the operator deletes a server folder THEN its articles are gone at the next reload', async () => {
      await rm(path.join(dataDir, 'servers', B), { recursive: true });
      await reloaded(`-${B}/${SLUG}`);
      const fromB = await send(inGuild(B, 2, slashData('sources', [])));
      expect(fromB.data.embeds[0].title).toBe('Indexed articles (2)');
      const passage = await send(inGuild(B, 2, slashData('passage', [option('id', `${B}/${SLUG}#p2`)])));
      expect(passage.data.content).toMatch(/^There is no passage /);
    });

    it('THEN every guild interaction was logged with its server, and every reply pings no one', async () => {
      const lines = bot.logs.filter((l) => l.msg === 'interaction' || l.msg === 'http');
      expect(lines.length).toBeGreaterThan(30);
      expect(bot.logs.filter((l) => l.level === 'error')).toEqual([]);
      expect(await bot.stop()).toBe(0);
    });
  });
}

export { APP_ID };
