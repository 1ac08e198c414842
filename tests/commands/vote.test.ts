import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleInteraction } from '../../src/commands/index.js';
import { NOT_A_VOTE } from '../../src/commands/vote.js';
import { openFeedback } from '../../src/feedback/store.js';
import type { FeedbackStore } from '../../src/feedback/types.js';
import type { SearchIndex } from '../../src/index/buildIndex.js';
import { silentLogger } from '../../src/logger.js';
import { bundledIndex, buttons, click, command, data, recordingContext } from '../helpers.js';

let index: SearchIndex;
let dir: string;
let feedback: FeedbackStore;
beforeAll(async () => {
  index = await bundledIndex();
});
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'qa-bot-vote-cmd-'));
  feedback = openFeedback({ dataDir: dir, logger: silentLogger });
});
afterEach(async () => {
  feedback.close();
  await rm(dir, { recursive: true, force: true });
});

describe('vote buttons', () => {
  it('GIVEN a private /ask THEN the ephemeral answer still carries 👍 / 👎 on its own last row', async () => {
    const { context } = recordingContext(index);
    const request = command('ask', { question: 'Who met whom?', private: true });
    const reply = data(await handleInteraction(request, { ...context, feedback }));
    expect(reply.flags).toBe(64);
    expect(reply.components!.at(-1)!.components.map((b) => b.custom_id)).toEqual([`vote:up:${request.id}`, `vote:down:${request.id}`]);
  });

  it('GIVEN no feedback store (the terminal, embedding callers) THEN answers have no vote buttons and a vote click gets a notice', async () => {
    const { context } = recordingContext(index);
    const reply = data(await handleInteraction(command('ask', { question: 'Who met whom?' }), context));
    expect(buttons(reply).map((b) => b.custom_id)).not.toContainEqual(expect.stringMatching(/^vote:/));
    const notice = data(await handleInteraction(click('vote:up:123'), context));
    expect(notice).toMatchObject({ flags: 64, content: expect.stringMatching(/Voting is turned off/) });
  });

  it('GIVEN a vote click with a garbled id THEN the notice says so, ephemerally', async () => {
    const { context } = recordingContext(index);
    expect(data(await handleInteraction(click('vote:up:1:2'), { ...context, feedback }))).toMatchObject({ flags: 64, content: NOT_A_VOTE });
  });
});
