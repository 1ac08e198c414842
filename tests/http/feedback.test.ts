/**
 * 👍 / 👎 over the HTTP interactions endpoint: real sockets, real Ed25519 signatures, the votes in a real
 * SQLite file under DATA_DIR, the endpoint stopped and started again on it, and two servers kept apart.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_A_VOTE, UNKNOWN_ANSWER } from '../../src/commands/vote.js';
import { loadConfig } from '../../src/config.js';
import { openReadOnly } from '../../src/feedback/database.js';
import { buildReport, countAnswers, readVotes } from '../../src/feedback/report.js';
import { silentLogger } from '../../src/logger.js';
import { startHttp, type HttpHandle } from '../../src/transports/http.js';
import { CHANNEL_ID, fakeMessage, GUILD_ID, interaction, slash } from '../e2e/fakeDiscord.js';
import { DATA_DIR } from '../helpers.js';
import { keyPair, post, send, signatureHeaders } from './client.js';

const OTHER_GUILD = '400000000000000077';
const app = keyPair();
let dataDir: string;
let handle: HttpHandle | undefined;

const inGuild = (guild: string) => ({ guild_id: guild, channel: { id: CHANNEL_ID, type: 0, guild_id: guild, name: 'general' }, authorizing_integration_owners: { '0': guild } });

async function start(): Promise<HttpHandle> {
  const config = loadConfig({ DISCORD_PUBLIC_KEY: app.publicHex, HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, COOLDOWN_MAX_REQUESTS: '0' });
  const started = await startHttp(config, { logger: silentLogger, handleProcessEvents: false });
  for (let i = 0; i < 300 && !started.ready(); i++) await new Promise((r) => setTimeout(r, 20));
  return started;
}

function click(reply: any, customId: string, extra: object = {}) {
  const message = fakeMessage({ embeds: reply.data.embeds, components: reply.data.components });
  return interaction(3, { component_type: 2, custom_id: customId }, { message, ...extra });
}

const voteIds = (reply: any): string[] =>
  (reply.data.components ?? []).flatMap((row: any) => row.components).map((b: any) => b.custom_id).filter((id: string) => id.startsWith('vote:'));

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'qa-bot-http-votes-'));
  await cp(path.join(DATA_DIR, 'articles'), path.join(dataDir, 'articles'), { recursive: true });
});

afterAll(async () => {
  await handle?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('votes over HTTP', () => {
  it('GIVEN answers in two servers, votes, a restart and more votes THEN each counts once, in its own server only', async () => {
    handle = await start();
    const ask = slash('ask', [{ name: 'question', type: 3, value: 'When will they meet again?' }]);
    const answer = (await post(handle.url, app.privateKey, ask)).json;
    expect(answer.data.embeds[0].description).toContain('**A:** August');
    expect(voteIds(answer)).toEqual([`vote:up:${ask.id}`, `vote:down:${ask.id}`]);
    const otherAsk = { ...slash('ask', [{ name: 'question', type: 3, value: 'When will they meet again?' }]), ...inGuild(OTHER_GUILD) };
    const otherAnswer = (await post(handle.url, app.privateKey, otherAsk)).json;

    const vote = async (reply: any, id: string, extra: object = {}) => (await post(handle!.url, app.privateKey, click(reply, id, extra))).json;
    expect(await vote(answer, `vote:up:${ask.id}`)).toEqual({ type: 4, data: { content: 'Thanks! Your 👍 is recorded.', flags: 64, allowed_mentions: { parse: [] } } });
    expect((await vote(otherAnswer, `vote:down:${otherAsk.id}`, inGuild(OTHER_GUILD))).data.content).toBe('Thanks! Your 👎 is recorded; it helps find the answers to fix.');
    // The first server's button pressed from the other server: refused, and not counted anywhere.
    expect((await vote(answer, `vote:down:${ask.id}`, inGuild(OTHER_GUILD))).data).toMatchObject({ content: UNKNOWN_ANSWER, flags: 64 });
    expect((await vote(answer, 'vote:maybe:123')).data).toMatchObject({ content: NOT_A_VOTE, flags: 64 });

    // A forged click (bad signature) is refused before it reaches the database.
    const forged = JSON.stringify(click(answer, `vote:down:${ask.id}`));
    const other = keyPair();
    expect((await send(handle.url, { body: forged, headers: signatureHeaders(other.privateKey, forged) })).status).toBe(401);

    await handle.stop();
    handle = await start();
    expect((await vote(answer, `vote:up:${ask.id}`)).data.content).toBe('You already gave this answer a 👍; nothing changed.');
    expect((await vote(answer, `vote:down:${ask.id}`)).data.content).toBe('Changed your vote to 👎.');
    await handle.stop();
    handle = undefined;

    const db = openReadOnly(path.join(dataDir, 'bot.db'));
    try {
      const mine = buildReport(readVotes(db, { server: GUILD_ID }), countAnswers(db, { server: GUILD_ID }));
      expect(mine).toMatchObject({ up: 0, down: 1, answersGiven: 1, answersVoted: 1, voters: 1 });
      expect(mine.questions).toMatchObject([{ question: 'When will they meet again?', answer: 'August', up: 0, down: 1 }]);
      const theirs = buildReport(readVotes(db, { server: OTHER_GUILD }), countAnswers(db, { server: OTHER_GUILD }));
      expect(theirs).toMatchObject({ up: 0, down: 1, answersGiven: 1, voters: 1 });
      const everyone = buildReport(readVotes(db), countAnswers(db));
      expect(everyone).toMatchObject({ up: 0, down: 2, answersGiven: 2, answersVoted: 2 });
      // The same question in two servers is one row in the operator's all-servers view.
      expect(everyone.questions).toMatchObject([{ question: 'When will they meet again?', down: 2 }]);
    } finally {
      db.close();
    }
  });
});
