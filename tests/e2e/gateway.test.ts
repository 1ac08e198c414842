/**
 * End to end over real sockets: the real bot process (tsx src/main.ts, as `npm start` runs it) against a loopback
 * stand-in for Discord's REST API and gateway, reached only through DISCORD_API_BASE.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandContext, handleInteraction } from '../../src/commands/index.js';
import type { InteractionReply } from '../../src/commands/types.js';
import type { SearchIndex } from '../../src/index/buildIndex.js';
import { openFeedback } from '../../src/feedback/store.js';
import type { FeedbackStore } from '../../src/feedback/types.js';
import { silentLogger } from '../../src/logger.js';
import { bundledIndex, DATA_DIR, ROOT } from '../helpers.js';
import { APP_ID, fakeMessage, FakeDiscord, interaction, slash, USER, type RecordedRequest } from './fakeDiscord.js';
import { collectJsonLogs, waitForLog as waitForLogLine } from './jsonLogs.js';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.FAKE.loopback-only-token-0123456789';
let discord: FakeDiscord;
let bot: ChildProcess;
let exit: Promise<[number | null, NodeJS.Signals | null]>;
const logs: Array<Record<string, any>> = [];
/** Everything the process printed so far (set when it is spawned). */
let output: () => string = () => '';
let index: SearchIndex;
/** A copy of the bundled data, so the live-reload test can add an article without touching the repository. */
let dataDir: string;

/** This process's own feedback database, so the expected answers carry the same 👍 / 👎 buttons as the bot's. */
let expectedDir: string;
let expectedFeedback: FeedbackStore;

/** What the transport-free dispatcher answers for the same request, computed in this process. */
async function expected(request: Parameters<typeof handleInteraction>[0]): Promise<InteractionReply> {
  const context = createCommandContext({ index, logger: silentLogger, cooldown: { maxRequests: 0, windowMs: 1 }, feedback: expectedFeedback });
  return handleInteraction(request, context);
}

function waitForLog(match: (line: Record<string, any>) => boolean, timeoutMs = 15_000): Promise<Record<string, any>> {
  return waitForLogLine(logs, output, match, timeoutMs);
}

/** The callback body less the defaults discord.js adds (tts, enforce_nonce), checked here: the rest must be our reply. */
function withoutDiscordJsDefaults(callback: RecordedRequest): unknown {
  const { tts, enforce_nonce, ...data } = callback.body.data;
  expect({ tts, enforce_nonce }).toEqual({ tts: false, enforce_nonce: false });
  return { type: callback.body.type, data };
}

const buttons = (r: RecordedRequest): any[] => (r.body.data.components ?? []).flatMap((row: any) => row.components);

beforeAll(async () => {
  index = await bundledIndex();
  expectedDir = await mkdtemp(path.join(tmpdir(), 'qa-bot-e2e-expected-'));
  expectedFeedback = openFeedback({ dataDir: expectedDir, logger: silentLogger });
  dataDir = await mkdtemp(path.join(tmpdir(), 'qa-bot-e2e-'));
  await cp(path.join(DATA_DIR, 'articles'), path.join(dataDir, 'articles'), { recursive: true });
  discord = await FakeDiscord.start();
  bot = spawn(process.execPath, ['--import', 'tsx', path.join('src', 'main.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_BASE: discord.apiBase,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      COOLDOWN_MAX_REQUESTS: '100',
      COOLDOWN_WINDOW_SECONDS: '60',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  exit = once(bot, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  ({ output } = collectJsonLogs(bot, logs));
  await waitForLog((l) => l.msg === 'ready');
}, 30_000);

afterAll(async () => {
  if (bot && bot.exitCode === null) bot.kill('SIGKILL');
  await discord?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  expectedFeedback?.close();
  if (expectedDir) await rm(expectedDir, { recursive: true, force: true });
});

describe('the bot process against a loopback Discord', () => {
  it('GIVEN DISCORD_API_BASE THEN it fetches /gateway/bot there and IDENTIFIES with only the Guilds intent', async () => {
    const gateway = discord.requests.find((r) => r.path === '/api/v10/gateway/bot')!;
    expect(gateway).toMatchObject({ method: 'GET', authorization: `Bot ${TOKEN}` });
    expect(discord.connections[0]).toBe('?v=10&encoding=json');
    const identify = await discord.identified();
    expect(identify.d).toMatchObject({ token: TOKEN, intents: 1, shard: [0, 1] });
    expect(await waitForLog((l) => l.msg === 'ready')).toMatchObject({ user: 'article-qa', application: '100000000000000001', articles: 1 });
  });

  it('GIVEN /ask "who met whom?" THEN replies through the callback route with the same cited answer the dispatcher renders', async () => {
    const ask = slash('ask', [{ name: 'question', type: 3, value: 'who met whom?' }]);
    const callback = await discord.interact(ask);
    expect(callback.path).toBe(`/api/v10/interactions/${ask.id}/${ask.token}/callback`);
    expect(callback.query).toBe('?with_response=false');
    const want = await expected({ id: ask.id, kind: 'command', userId: USER.id, name: 'ask', options: { question: 'who met whom?' } });
    expect(withoutDiscordJsDefaults(callback)).toEqual(want);
    expect(callback.body).toMatchObject({ type: 4, data: { allowed_mentions: { parse: [] } } });
    expect(callback.body.data.embeds[0].description).toMatch(/^\*\*Q:\*\* who met whom\?\n/);
  });

  it('GIVEN typing in /search THEN autocomplete answers with at most 25 choices, the typed text first', async () => {
    const typing = slash('search', [{ name: 'query', type: 3, value: 'automot', focused: true }], 4);
    const callback = await discord.interact(typing);
    expect(callback.body.type).toBe(8);
    const { choices } = callback.body.data;
    expect(choices[0]).toEqual({ name: 'automot', value: 'automot' });
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) expect(c.name.length).toBeLessThanOrEqual(100);
    expect(callback.body).toEqual(await expected({ id: typing.id, kind: 'autocomplete', userId: USER.id, name: 'search', options: { query: 'automot' }, focused: 'query' }));
  });

  it('GIVEN /search THEN numbered passages; GIVEN a picked suggestion THEN that passage', async () => {
    const results = await discord.interact(slash('search', [{ name: 'query', type: 3, value: 'electric vehicle ecosystem' }]));
    expect(results.body.type).toBe(4);
    expect(results.body.data.embeds[0].fields[0].name).toMatch(/^1\. .+ — ¶\d+$/);
    const picked = await discord.interact(slash('search', [{ name: 'query', type: 3, value: 'indonesia-japan-automotive#p2' }]));
    expect(picked.body.data.embeds[0].title).toMatch(/— ¶2$/);
  });

  it('GIVEN a click on Next under search results THEN the message is updated in place with the next page', async () => {
    const results = await discord.interact(slash('search', [{ name: 'query', type: 3, value: 'Indonesia' }]));
    const next = buttons(results).find((b) => b.label === 'Next');
    expect(next).toMatchObject({ custom_id: 'search:5:next' });
    const message = fakeMessage({ embeds: results.body.data.embeds, components: results.body.data.components });
    const click = interaction(3, { component_type: 2, custom_id: next.custom_id }, { message });
    const updated = await discord.interact(click);
    expect(updated.body.type).toBe(7);
    expect(updated.body.data.embeds[0].fields[0].name).toMatch(/^6\. /);
    const want = await expected({ id: click.id, kind: 'component', userId: USER.id, customId: next.custom_id, message: { id: message.id, content: '', embeds: results.body.data.embeds } });
    expect(withoutDiscordJsDefaults(updated)).toEqual(want);
  });

  it('GIVEN a click on "Full paragraph" and then on ▶ THEN a new ephemeral message, then an in-place update', async () => {
    const asked = await discord.interact(slash('ask', [{ name: 'question', type: 3, value: 'Where did the meeting take place?' }]));
    const full = buttons(asked).find((b) => b.label === 'Full paragraph');
    expect(full.custom_id).toMatch(/^para:indonesia-japan-automotive#p\d+$/);
    const message = fakeMessage({ embeds: asked.body.data.embeds, components: asked.body.data.components });
    const opened = await discord.interact(interaction(3, { component_type: 2, custom_id: full.custom_id }, { message }));
    expect(opened.body).toMatchObject({ type: 4, data: { flags: 64, allowed_mentions: { parse: [] } } });
    const forward = buttons(opened).find((b) => String(b.label).endsWith('▶'));
    const moved = await discord.interact(
      interaction(3, { component_type: 2, custom_id: forward.custom_id }, { message: fakeMessage({ embeds: opened.body.data.embeds, components: opened.body.data.components }) }),
    );
    expect(moved.body.type).toBe(7);
    expect(moved.body.data.embeds[0].title).toMatch(new RegExp(`¶${forward.custom_id.match(/#p(\d+)$/)[1]}$`));
  });

  it('GIVEN "Ask the article" on a message that pings everyone THEN the echo is escaped and nothing can ping', async () => {
    const target = fakeMessage({ content: '@everyone <@&456> when will the **ministers** meet again?' }, USER);
    const menu = interaction(2, { id: '1', name: 'Ask the article', type: 3, target_id: target.id, resolved: { messages: { [target.id]: target } } });
    const callback = await discord.interact(menu);
    expect(callback.body.data.allowed_mentions).toEqual({ parse: [] });
    const first = callback.body.data.embeds[0].description.split('\n')[0];
    expect(first).toBe('**Q:** @\u200beveryone <\u200b@&456> when will the \\*\\*ministers\\*\\* meet again?');
  });

  it('GIVEN bad input THEN ephemeral notices and the bot keeps answering', async () => {
    const blank = await discord.interact(slash('ask', [{ name: 'question', type: 3, value: '   ' }]));
    expect(blank.body).toMatchObject({ type: 4, data: { flags: 64, content: expect.stringMatching(/question/) } });
    const unknownArticle = await discord.interact(slash('ask', [{ name: 'question', type: 3, value: 'who?' }, { name: 'article', type: 3, value: 'nope' }]));
    expect(unknownArticle.body.data).toMatchObject({ flags: 64, content: expect.stringContaining('"nope"') });
    const stale = await discord.interact(interaction(3, { component_type: 2, custom_id: 'v0-button:xyz' }, { message: fakeMessage() }));
    expect(stale.body.data).toMatchObject({ flags: 64 });
    const noPassage = await discord.interact(slash('passage', [{ name: 'id', type: 3, value: 'missing#p9' }]));
    expect(noPassage.body.data).toMatchObject({ flags: 64 });
    const still = await discord.interact(slash('sources', []));
    expect(still.body.data.embeds[0].title).toBe('Indexed articles (1)');
  });

  it('GIVEN Discord refuses a reply (the interaction expired) THEN the bot logs it with context and keeps answering', async () => {
    const late = slash('help', []);
    discord.expired.add(late.id);
    await discord.interact(late);
    const logged = await waitForLog((l) => l.msg === 'reply failed');
    expect(logged).toMatchObject({ level: 'error', interaction: late.id, kind: 'command', replyType: 4, error: { message: 'Unknown interaction', code: 10062, status: 404 } });
    const next = await discord.interact(slash('help', []));
    expect(next.body.type).toBe(4);
    expect(bot.exitCode).toBeNull();
  });

  it('GIVEN an article file added while running THEN /sources lists it without a restart', async () => {
    const article = '---\ntitle: Harbour bridge opens to traffic\nsource: Test Gazette\n---\n\nThe harbour bridge opened to traffic on Monday.\n';
    await writeFile(path.join(dataDir, 'articles', 'harbour-bridge.md'), article);
    await waitForLog((l) => l.msg === 'articles' && String(l.change).includes('+harbour-bridge'));
    const sources = await discord.interact(slash('sources', []));
    expect(sources.body.data.embeds[0].title).toBe('Indexed articles (2)');
    expect(sources.body.data.embeds[0].description).toContain('Harbour bridge opens to traffic');
  });

  it('GIVEN /article (slow work) THEN acknowledges at once, ephemerally, and edits the reply in through the webhook route', async () => {
    const sub = (name: string, option: object) => slash('article', [{ name, type: 1, options: [option] } as never]);
    // A user-supplied loopback URL is refused by the strict address policy.
    const adding = sub('add', { name: 'url', type: 3, value: `http://127.0.0.1:${discord.port}/news` });
    const ack = await discord.interact(adding);
    expect(ack.body).toEqual({ type: 5, data: { flags: 64 } });

    const edit = await discord.waitForRequest((r) => r.method === 'PATCH' && r.path === `/api/v10/webhooks/${APP_ID}/${adding.token}/messages/@original`);
    expect(edit.body).toMatchObject({ content: expect.stringMatching(/^Could not add that article: .*127\.0\.0\.1/), allowed_mentions: { parse: [] } });

    // The article added by file above is a library article (the operator's): Discord cannot remove it.
    const removing = sub('remove', { name: 'article', type: 3, value: 'harbour-bridge' });
    expect((await discord.interact(removing)).body.type).toBe(5);
    const refused = await discord.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(`/${removing.token}/messages/@original`));
    expect(refused.body.content).toMatch(/^\*\*Harbour bridge opens to traffic\*\* is in the bot's library, which every server shares: it can't be removed from Discord\./);
    // The operator removes it; live reload drops it from the index.
    await rm(path.join(dataDir, 'articles', 'harbour-bridge.md'));
    await waitForLog((l) => l.msg === 'articles' && String(l.change).includes('-harbour-bridge'));
    expect((await discord.interact(slash('sources', []))).body.data.embeds[0].title).toBe('Indexed articles (1)');
  });

  it('GIVEN SIGTERM THEN logs one line per interaction, never the token, and exits cleanly', async () => {
    const callbacks = discord.requests.filter((r) => r.path.endsWith('/callback'));
    expect(logs.filter((l) => l.msg === 'interaction')).toHaveLength(callbacks.length);
    expect(logs.filter((l) => l.level === 'error').map((l) => l.msg)).toEqual(['reply failed']);
    const webhookEdits = discord.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith('/messages/@original'));
    expect(webhookEdits).toHaveLength(2);
    expect(discord.requests.filter((r) => !/\/(gateway\/bot|callback|messages\/@original)$/.test(r.path))).toEqual([]);
    bot.kill('SIGTERM');
    const [code] = await exit;
    expect(code).toBe(0);
    expect(logs.map((l) => l.msg)).toContain('stopped');
    expect(output()).not.toContain(TOKEN);
  });
});
