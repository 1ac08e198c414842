import { access, cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { article } from '../../src/commands/article.js';
import { deferralFor, handleInteraction } from '../../src/commands/index.js';
import type { CommandContext, InteractionReply } from '../../src/commands/types.js';
import { startLoopbackServer, type LoopbackServer } from '../ingest/loopbackServer.js';
import { bundledIndex, command, DATA_DIR, recordingContext } from '../helpers.js';

let site: LoopbackServer;
let dataDir: string;
let context: CommandContext;
beforeAll(async () => {
  site = await startLoopbackServer();
  dataDir = await mkdtemp(path.join(tmpdir(), 'qa-article-'));
  await cp(path.join(DATA_DIR, 'articles'), path.join(dataDir, 'articles'), { recursive: true });
  context = recordingContext(await bundledIndex()).context;
});
afterAll(async () => {
  await site.close();
  await rm(dataDir, { recursive: true, force: true });
});

function content(reply: InteractionReply): string {
  if (reply.type === 8) throw new Error('expected a message');
  expect(reply.data.flags).toBe(64);
  expect(reply.data.allowed_mentions).toEqual({ parse: [] });
  return reply.data.content ?? '';
}

const add = (url: string) => command('article', { url }, { subcommand: 'add' });
const remove = (id: string) => command('article', { article: id }, { subcommand: 'remove' });

describe('/article', () => {
  it('is for server managers, in servers, and is deferred (fetching can take seconds)', () => {
    expect(article.data.toJSON()).toMatchObject({
      default_member_permissions: '32',
      contexts: [0],
      options: [{ name: 'add', type: 1, options: [{ name: 'url', required: true }] }, { name: 'remove', type: 1, options: [{ name: 'article', autocomplete: true }] }],
    });
    expect(deferralFor(add('https://example.org'))).toEqual({ ephemeral: true });
    expect(deferralFor(command('ask', { question: 'x' }))).toBeUndefined();
  });

  it('GIVEN a loopback URL from a user THEN refuses it (strict address policy) and writes nothing', async () => {
    const text = content(await handleInteraction(add(`${site.origin}/news/harbour`), { ...context, dataDir }));
    expect(text).toMatch(/^Could not add that article: /);
    expect(text).toContain('127.0.0.1');
    await expect(access(path.join(dataDir, 'articles', 'harbour-bridge.md'))).rejects.toThrow();
  });

  it("GIVEN an address the operator allows THEN adds the article to the server's own folder; GIVEN remove THEN deletes its file", async () => {
    const allowed = { ...context, dataDir, allowAddresses: ['127.0.0.1'] };
    const added = content(await handleInteraction(add(`${site.origin}/news/harbour`), allowed));
    const id = /as `([^`]+)`/.exec(added)?.[1];
    expect(added).toMatch(/^Added \*\*.+\*\* \(\d+ passages, \d+ words\) as `2002\/[^`]+`, for this server only\. It can be asked about in a moment\.$/);
    const file = path.join(dataDir, 'servers', '2002', 'articles', `${id!.slice('2002/'.length)}.md`);
    await access(file);
    expect(await readdir(path.join(dataDir, 'articles'))).toEqual(['indonesia-japan-automotive.md']);
    const again = content(await handleInteraction(add(`${site.origin}/news/harbour`), allowed));
    expect(again).toMatch(/^Already had /);
    const removed = content(await handleInteraction(remove(id!), allowed));
    expect(removed).toBe(`Removed **Harbour town votes to rebuild its 1902 swing bridge** (\`${id}\`) from this server's articles.`);
    await expect(access(file)).rejects.toThrow();
  });

  it('GIVEN a non-http URL, an unknown article, or a DM THEN a clear ephemeral notice', async () => {
    expect(content(await handleInteraction(add('file:///etc/passwd'), { ...context, dataDir }))).toMatch(/^Could not add that article: /);
    expect(content(await handleInteraction(remove('no-such-article'), { ...context, dataDir }))).toMatch(/^This server has no article "no-such-article"/);
    expect(content(await handleInteraction({ ...add('https://example.org'), guildId: undefined }, context))).toMatch(/server only/);
  });
});

describe('/article per-server limits (handler level)', () => {
  const G = '900000000000000077';
  const inG = (request: ReturnType<typeof add>) => ({ ...request, guildId: G });

  it('GIVEN two adds at once with room for one THEN exactly one is written; GIVEN the same URL again at the limit THEN it is an update, not refused', async () => {
    const limited = { ...context, dataDir, allowAddresses: ['127.0.0.1'], serverLimits: { maxArticles: 1, maxBytes: 1_000_000, addsPerHour: 30 } };
    const replies = await Promise.all([handleInteraction(inG(add(`${site.origin}/news/harbour`)), limited), handleInteraction(inG(add(`${site.origin}/news/ferry`)), limited)]);
    const texts = replies.map(content);
    expect(texts.filter((t) => t.startsWith('Added '))).toHaveLength(1);
    expect(texts.filter((t) => /^This server has 1 articles, the most it may hold \(1\)/.test(t))).toHaveLength(1);
    expect(await readdir(path.join(dataDir, 'servers', G, 'articles'))).toHaveLength(1);
    const first = texts[0]!.startsWith('Added ') ? 'harbour' : 'ferry';
    expect(content(await handleInteraction(inG(add(`${site.origin}/news/${first}`)), limited))).toMatch(/^Already had /);
  });

  it('GIVEN a malformed guild id THEN "server only", and nothing is read or written for it', async () => {
    expect(content(await handleInteraction({ ...add(`${site.origin}/news/harbour`), guildId: 'abc/def' }, { ...context, dataDir }))).toMatch(/server only/);
    await expect(access(path.join(dataDir, 'servers', 'abc'))).rejects.toThrow();
  });
});
