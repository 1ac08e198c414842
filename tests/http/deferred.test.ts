/**
 * Deferred replies over HTTP: a command that asks for deferral (`/article`) is acknowledged with type 5 at
 * once, and its reply is edited in through the webhook route on a loopback stand-in for Discord's REST API.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandContext } from '../../src/commands/index.js';
import { buildIndex } from '../../src/index/buildIndex.js';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';
import { createLogger } from '../../src/logger.js';
import { createInteractionsServer, type InteractionsServer } from '../../src/transports/http.js';
import { APP_ID, FakeDiscord, slash } from '../e2e/fakeDiscord.js';
import { DATA_DIR } from '../helpers.js';
import { keyPair, post, type KeyPair } from './client.js';

let discord: FakeDiscord;
let app: KeyPair;
let http: InteractionsServer;
let url: string;
let dataDir: string;
const logs: Array<Record<string, any>> = [];
const logText: string[] = [];

async function serve(apiBase: string): Promise<{ http: InteractionsServer; url: string }> {
  const logger = createLogger({
    level: 'debug',
    write: (line) => {
      logText.push(line);
      logs.push(JSON.parse(line) as Record<string, any>);
    },
  });
  const index = buildIndex(await loadCorpus(dataDir));
  const context = createCommandContext({ index, logger, dataDir, cooldown: { maxRequests: 0, windowMs: 1 } });
  const server = createInteractionsServer({ publicKey: app.publicHex, context, logger, apiBase });
  await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
  return { http: server, url: `http://127.0.0.1:${(server.server.address() as { port: number }).port}` };
}

const article = (name: string, option: object) => slash('article', [{ name, type: 1, options: [option] } as never]);

beforeAll(async () => {
  app = keyPair();
  discord = await FakeDiscord.start();
  dataDir = await mkdtemp(path.join(tmpdir(), 'qa-bot-http-defer-'));
  await cp(path.join(DATA_DIR, 'articles'), path.join(dataDir, 'articles'), { recursive: true });
  ({ http, url } = await serve(discord.apiBase));
});

afterAll(async () => {
  http.server.closeAllConnections();
  await new Promise((resolve) => http.server.close(resolve));
  await discord.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('deferred replies', () => {
  it('GIVEN /article add THEN type 5 (ephemeral) at once, then the reply edited in with PATCH …/messages/@original', async () => {
    // A loopback URL from a user is refused by the strict address policy: nothing is fetched or written.
    const adding = article('add', { name: 'url', type: 3, value: `http://127.0.0.1:${discord.port}/news` });
    const ack = await post(url, app.privateKey, adding);
    expect(ack.status).toBe(200);
    expect(ack.json).toEqual({ type: 5, data: { flags: 64 } });
    const edit = await discord.waitForRequest((r) => r.method === 'PATCH' && r.path === `/api/v10/webhooks/${APP_ID}/${adding.token}/messages/@original`);
    expect(edit.body).toMatchObject({ content: expect.stringMatching(/^Could not add that article: .*127\.0\.0\.1/), allowed_mentions: { parse: [] } });
    expect(edit.body.flags).toBeUndefined();
    await http.settled();
    expect(logs.find((l) => l.msg === 'http follow-up')).toMatchObject({ interaction: adding.id, command: 'article', status: 200 });
    expect(logs.find((l) => l.msg === 'http' && l.interaction === adding.id)).toMatchObject({ status: 200, replyType: 5 });
  });

  it('GIVEN the REST API unreachable THEN the failed edit is logged without the token, and the server carries on', async () => {
    const closed = await FakeDiscord.start();
    const deadBase = closed.apiBase;
    await closed.close();
    const other = await serve(deadBase);
    try {
      const adding = article('add', { name: 'url', type: 3, value: 'http://127.0.0.1:1/x' });
      expect((await post(other.url, app.privateKey, adding)).json.type).toBe(5);
      await other.http.settled();
      expect(logs.find((l) => l.msg === 'http follow-up failed' && l.interaction === adding.id)).toBeDefined();
      expect(logText.join('\n')).not.toContain(adding.token);
      expect((await post(other.url, app.privateKey, { type: 1 })).json).toEqual({ type: 1 });
    } finally {
      other.http.server.closeAllConnections();
      await new Promise((resolve) => other.http.server.close(resolve));
    }
  });

  it('GIVEN /ask THEN never deferred', async () => {
    const res = await post(url, app.privateKey, slash('ask', [{ name: 'question', type: 3, value: 'who met whom?' }]));
    expect(res.json.type).toBe(4);
  });
});
