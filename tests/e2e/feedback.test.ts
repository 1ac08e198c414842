/**
 * 👍 / 👎 end to end: the real bot process against the loopback Discord, its votes in a real SQLite file in
 * DATA_DIR, stopped and started again on the same data, and the `feedback` report read from that file.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_A_VOTE, UNKNOWN_ANSWER, VOTING_OFF } from '../../src/commands/vote.js';
import { runScript } from '../cli/run.js';
import { DATA_DIR } from '../helpers.js';
import { startBot, type BotProcess } from './botProcess.js';
import { CHANNEL_ID, fakeMessage, FakeDiscord, GUILD_ID, interaction, slash, USER, type RecordedRequest } from './fakeDiscord.js';

const OTHER_GUILD = '400000000000000099';
let discord: FakeDiscord;
let bot: BotProcess | undefined;
const dirs: string[] = [];

async function dataCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'qa-bot-votes-'));
  dirs.push(dir);
  await cp(path.join(DATA_DIR, 'articles'), path.join(dir, 'articles'), { recursive: true });
  return dir;
}

const buttons = (r: RecordedRequest): any[] => (r.body.data.components ?? []).flatMap((row: any) => row.components);
const voteButtons = (r: RecordedRequest) => buttons(r).filter((b) => String(b.custom_id).startsWith('vote:'));

/** A click on `customId` under `reply`, by `USER` in the test guild unless `extra` says otherwise. */
function clickOn(reply: RecordedRequest, customId: string, extra: object = {}) {
  const message = fakeMessage({ embeds: reply.body.data.embeds, components: reply.body.data.components });
  return discord.interact(interaction(3, { component_type: 2, custom_id: customId }, { message, ...extra }));
}

beforeAll(async () => {
  discord = await FakeDiscord.start();
});

afterAll(async () => {
  if (bot && bot.child.exitCode === null) bot.child.kill('SIGKILL');
  await discord?.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('votes through the real gateway entry', () => {
  let dataDir: string;
  let answered: RecordedRequest;
  let declined: RecordedRequest;
  let asked: ReturnType<typeof slash>;
  let declinedAsk: ReturnType<typeof slash>;

  it('GIVEN /ask, an unanswerable /ask and "Ask the article" THEN every reply has 👍 and 👎, custom_ids within 100 characters', async () => {
    dataDir = await dataCopy();
    bot = await startBot({ apiBase: discord.apiBase, dataDir });
    asked = slash('ask', [{ name: 'question', type: 3, value: 'Where did the meeting take place?' }]);
    answered = await discord.interact(asked);
    expect(answered.body.data.embeds[0].description).toContain('**A:** Tokyo');
    expect(voteButtons(answered)).toEqual([
      { type: 2, style: 2, emoji: { name: '👍' }, custom_id: `vote:up:${asked.id}` },
      { type: 2, style: 2, emoji: { name: '👎' }, custom_id: `vote:down:${asked.id}` },
    ]);

    declinedAsk = slash('ask', [{ name: 'question', type: 3, value: 'When was Ken Saito born?' }]);
    declined = await discord.interact(declinedAsk);
    expect(declined.body.data.embeds[0].title).toBe("The article doesn't say");
    expect(voteButtons(declined).map((b) => b.custom_id)).toEqual([`vote:up:${declinedAsk.id}`, `vote:down:${declinedAsk.id}`]);

    const target = fakeMessage({ content: 'who met whom?' }, USER);
    const menu = interaction(2, { id: '1', name: 'Ask the article', type: 3, target_id: target.id, resolved: { messages: { [target.id]: target } } });
    const viaMenu = await discord.interact(menu);
    expect(voteButtons(viaMenu)).toHaveLength(2);

    // Nothing relevant at all: still a verdict to vote on.
    const nothing = await discord.interact(slash('ask', [{ name: 'question', type: 3, value: 'What is the airspeed of a swallow?' }]));
    expect(nothing.body.data.embeds[0].description).toContain('no passage comes close');
    expect(voteButtons(nothing)).toHaveLength(2);
    for (const b of [answered, declined, viaMenu, nothing].flatMap(buttons)) expect(b.custom_id.length).toBeLessThanOrEqual(100);
  });

  it('GIVEN 👍, 👍 again, then 👎 THEN ephemeral acknowledgements: recorded, nothing changed, changed', async () => {
    const first = await clickOn(answered, `vote:up:${asked.id}`);
    expect(first.body).toEqual({ type: 4, data: { content: 'Thanks! Your 👍 is recorded.', flags: 64, allowed_mentions: { parse: [] }, tts: false, enforce_nonce: false } });
    expect((await clickOn(answered, `vote:up:${asked.id}`)).body.data).toMatchObject({ content: 'You already gave this answer a 👍; nothing changed.', flags: 64 });
    expect((await clickOn(answered, `vote:down:${asked.id}`)).body.data).toMatchObject({ content: 'Changed your vote to 👎.', flags: 64 });
  });

  it('GIVEN crafted, stale or foreign vote custom_ids THEN a clear ephemeral notice, and nothing is counted', async () => {
    const notice = async (customId: string, extra: object = {}) => (await clickOn(answered, customId, extra)).body;
    for (const id of ['vote:sideways:1', 'vote:up:abc', `vote:up:${asked.id}:extra`, `vote:up:${'9'.repeat(95)}`, 'vote:']) {
      expect(await notice(id)).toMatchObject({ type: 4, data: { content: NOT_A_VOTE, flags: 64 } });
    }
    expect(await notice('vote:up:399999999999999999')).toMatchObject({ type: 4, data: { content: UNKNOWN_ANSWER, flags: 64 } });
    // The same button clicked from another server (or a DM): that server never saw the answer.
    const elsewhere = { guild_id: OTHER_GUILD, channel: { id: CHANNEL_ID, type: 0, guild_id: OTHER_GUILD, name: 'general' }, authorizing_integration_owners: { '0': OTHER_GUILD } };
    expect(await notice(`vote:up:${asked.id}`, elsewhere)).toMatchObject({ data: { content: UNKNOWN_ANSWER, flags: 64 } });
    const dm = { guild_id: undefined, member: undefined, user: USER, channel: { id: CHANNEL_ID, type: 1 }, context: 1 };
    expect(await notice(`vote:up:${asked.id}`, dm)).toMatchObject({ data: { content: UNKNOWN_ANSWER, flags: 64 } });
    expect(bot!.logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('GIVEN the bot killed (SIGKILL, no shutdown) and started again on the same DATA_DIR THEN the acknowledged votes are there: the same 👎 changes nothing, the old answer takes a new vote', async () => {
    expect(await bot!.kill()).toBe('SIGKILL');
    bot = await startBot({ apiBase: discord.apiBase, dataDir });
    expect((await clickOn(answered, `vote:down:${asked.id}`)).body.data).toMatchObject({ content: 'You already gave this answer a 👎; nothing changed.', flags: 64 });
    expect((await clickOn(declined, `vote:up:${declinedAsk.id}`)).body.data).toMatchObject({ content: 'Thanks! Your 👍 is recorded.', flags: 64 });
    expect(await bot.stop()).toBe(0);
  });

  it('GIVEN those votes THEN `npm run feedback -- --json` counts the changed vote once; --server scopes to one tenant', async () => {
    const all = await runScript('src/cli/feedback.ts', ['--json', '--data', dataDir]);
    expect(all.code).toBe(0);
    const report = JSON.parse(all.stdout);
    expect(Object.keys(report)).toEqual(['up', 'down', 'questions']);
    expect(report).toMatchObject({
      up: 1,
      down: 1,
      questions: [
        { question: 'Where did the meeting take place?', answer: 'Tokyo', up: 0, down: 1, last: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
        { question: 'When was Ken Saito born?', answer: null, up: 1, down: 0 },
      ],
    });
    expect(all.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse((await runScript('src/cli/feedback.ts', ['--json', '--data', dataDir, '--server', GUILD_ID])).stdout)).toEqual(report);
    expect(JSON.parse((await runScript('src/cli/feedback.ts', ['--json', '--data', dataDir, '--server', OTHER_GUILD])).stdout)).toEqual({ up: 0, down: 0, questions: [] });
    expect(JSON.parse((await runScript('src/cli/feedback.ts', ['--json', '--data', dataDir, '--server', 'dm'])).stdout)).toEqual({ up: 0, down: 0, questions: [] });
  });
});

describe('a corrupt feedback database', () => {
  it('GIVEN bot.db is not a database THEN the bot starts, logs it, answers without vote buttons, and a vote click gets a notice', async () => {
    const dataDir = await dataCopy();
    await writeFile(path.join(dataDir, 'bot.db'), 'definitely not SQLite\n'.repeat(100));
    bot = await startBot({ apiBase: discord.apiBase, dataDir });
    const logged = await bot.waitForLog((l) => l.msg === 'feedback database unavailable; voting is off for this run');
    expect(logged).toMatchObject({ level: 'error', error: { code: 'SQLITE_NOTADB' } });
    const ask = slash('ask', [{ name: 'question', type: 3, value: 'Who met whom?' }]);
    const reply = await discord.interact(ask);
    expect(reply.body.data.embeds[0].description).toContain('**A:** Agus Gumiwang Kartasasmita met Ken Saito');
    expect(voteButtons(reply)).toEqual([]);
    expect(buttons(reply).map((b) => b.label)).toEqual(['More sources', 'Full paragraph']);
    expect((await clickOn(reply, `vote:up:${ask.id}`)).body.data).toMatchObject({ content: VOTING_OFF, flags: 64 });
    expect(await bot.stop()).toBe(0);
  });
});
