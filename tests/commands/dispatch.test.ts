import { beforeAll, describe, expect, it } from 'vitest';
import { handleInteraction, SOMETHING_WENT_WRONG } from '../../src/commands/index.js';
import { fromApiInteraction } from '../../src/commands/fromApiInteraction.js';
import type { APIInteraction } from 'discord.js';
import type { SearchIndex } from '../../src/index/buildIndex.js';
import { bundledIndex, click, command, recordingContext } from '../helpers.js';

let index: SearchIndex;
beforeAll(async () => {
  index = await bundledIndex();
});

describe('handleInteraction', () => {
  it('GIVEN a user over the cooldown THEN an ephemeral notice until the window passes; autocomplete is never limited', async () => {
    let now = 1_000_000;
    const { context, logs } = recordingContext(index, { cooldown: { maxRequests: 2, windowMs: 10_000 }, now: () => now });
    const typing = { id: 't', kind: 'autocomplete' as const, userId: '1001', name: 'search', options: { query: 'auto' }, focused: 'query' };
    for (let i = 0; i < 5; i++) expect((await handleInteraction(typing, context)).type).toBe(8);
    expect((await handleInteraction(command('help'), context)).type).toBe(4);
    now += 1000;
    expect((await handleInteraction(command('sources'), context)).data).toHaveProperty('embeds');
    const limited = await handleInteraction(command('help'), context);
    expect(limited).toMatchObject({ type: 4, data: { flags: 64, allowed_mentions: { parse: [] } } });
    expect(limited.type !== 8 && limited.data.content).toMatch(/wait 9 s/);
    // Someone else is not limited by it.
    expect(await handleInteraction({ ...command('help'), userId: '2002' }, context)).not.toHaveProperty('data.content');
    now += 9001;
    expect(await handleInteraction(command('help'), context)).not.toHaveProperty('data.content');
    expect(logs.filter((l) => l.outcome === 'cooldown')).toHaveLength(1);
  });

  it('GIVEN a handler that throws THEN an ephemeral "something went wrong" and an error log with context', async () => {
    const { context, logs } = recordingContext(index, {
      answer: () => {
        throw new Error('index exploded');
      },
    });
    const reply = await handleInteraction(command('ask', { question: 'who met whom?' }, { id: '777' }), context);
    expect(reply).toEqual({ type: 4, data: { content: SOMETHING_WENT_WRONG, flags: 64, allowed_mentions: { parse: [] } } });
    const error = logs.find((l) => l.level === 'error')!;
    expect(error).toMatchObject({ msg: 'interaction failed', interaction: '777', command: 'ask', user: '1001' });
    expect(error.error).toMatchObject({ name: 'Error', message: 'index exploded' });
  });

  it('GIVEN autocomplete that throws THEN an empty list, not an error', async () => {
    const { context } = recordingContext(index, {
      qa: {
        suggest: () => {
          throw new Error('boom');
        },
      },
    });
    const reply = await handleInteraction({ id: 'a', kind: 'autocomplete', userId: '1', name: 'search', options: { query: 'x' }, focused: 'query' }, context);
    expect(reply).toEqual({ type: 8, data: { choices: [] } });
  });

  it('GIVEN an unknown command or a foreign button THEN an ephemeral notice, logged as a user error', async () => {
    const { context, logs } = recordingContext(index);
    expect(await handleInteraction(command('dance'), context)).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(await handleInteraction(click('someone-else:1'), context)).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(logs.map((l) => l.outcome)).toEqual(['user_error', 'user_error']);
  });

  it('GIVEN any interaction THEN exactly one log line with command, latency and outcome, and never the question', async () => {
    const { context, logs } = recordingContext(index);
    await handleInteraction(command('ask', { question: 'secret question text' }), context);
    const lines = logs.filter((l) => l.msg === 'interaction');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ command: 'ask', kind: 'command', outcome: 'ok' });
    expect(typeof lines[0]!.latencyMs).toBe('number');
    expect(JSON.stringify(logs)).not.toContain('secret question text');
  });
});

describe('fromApiInteraction', () => {
  const user = { id: '42', username: 'reader', discriminator: '0', global_name: null, avatar: null };
  const base = { id: '900', application_id: '500', token: 'tok', version: 1, app_permissions: '0', locale: 'en-US', entitlements: [], authorizing_integration_owners: {}, attachment_size_limit: 0 };

  it('GIVEN a guild slash command THEN name, options and the member user', () => {
    const raw = {
      ...base,
      type: 2,
      guild_id: '77',
      channel: { id: '88', type: 0 },
      member: { user, roles: [], joined_at: '', deaf: false, mute: false, permissions: '0', flags: 0 },
      data: { id: '1', type: 1, name: 'ask', options: [{ name: 'question', type: 3, value: 'who met whom?' }, { name: 'private', type: 5, value: true }] },
    } as unknown as APIInteraction;
    expect(fromApiInteraction(raw)).toEqual({
      id: '900', kind: 'command', userId: '42', guildId: '77', channelId: '88', name: 'ask', options: { question: 'who met whom?', private: true },
    });
  });

  it('GIVEN a subcommand THEN its name and its options, flattened', () => {
    const raw = {
      ...base,
      type: 2,
      user,
      data: { id: '1', type: 1, name: 'article', options: [{ name: 'add', type: 1, options: [{ name: 'url', type: 3, value: 'https://example.org/a' }] }] },
    } as unknown as APIInteraction;
    expect(fromApiInteraction(raw)).toMatchObject({ kind: 'command', name: 'article', subcommand: 'add', options: { url: 'https://example.org/a' } });
  });

  it('GIVEN autocomplete in a DM THEN the focused option and the user', () => {
    const raw = {
      ...base,
      type: 4,
      user,
      data: { id: '1', type: 1, name: 'search', options: [{ name: 'query', type: 3, value: 'autom', focused: true }] },
    } as unknown as APIInteraction;
    expect(fromApiInteraction(raw)).toMatchObject({ kind: 'autocomplete', userId: '42', name: 'search', focused: 'query', options: { query: 'autom' } });
  });

  it('GIVEN a message context menu THEN the target message text from `resolved`', () => {
    const raw = {
      ...base,
      type: 2,
      user,
      data: { id: '1', type: 3, name: 'Ask the article', target_id: '55', resolved: { messages: { '55': { id: '55', content: 'When is the next meeting?' } } } },
    } as unknown as APIInteraction;
    expect(fromApiInteraction(raw)).toMatchObject({ kind: 'command', name: 'Ask the article', targetMessage: { id: '55', content: 'When is the next meeting?' } });
  });

  it('GIVEN a button click THEN the custom_id and the clicked message embeds', () => {
    const embeds = [{ description: '**Q:** who?' }];
    const raw = { ...base, type: 3, user, message: { id: '66', content: '', embeds }, data: { component_type: 2, custom_id: 'more:0' } } as unknown as APIInteraction;
    expect(fromApiInteraction(raw)).toMatchObject({ kind: 'component', customId: 'more:0', message: { id: '66', embeds } });
  });

  it('GIVEN a PING or a modal THEN undefined (not ours to route)', () => {
    expect(fromApiInteraction({ ...base, type: 1 } as unknown as APIInteraction)).toBeUndefined();
    expect(fromApiInteraction({ ...base, type: 5, user, data: { custom_id: 'x', components: [] } } as unknown as APIInteraction)).toBeUndefined();
  });
});
