import { beforeAll, describe, expect, it } from 'vitest';
import { commandDefinitions, commands, handleInteraction } from '../../src/commands/index.js';
import { buildCorpus } from '../../src/corpus/loadCorpus.js';
import type { Article } from '../../src/corpus/types.js';
import { buildIndex, type SearchIndex } from '../../src/index/buildIndex.js';
import { bundledIndex, command, data, recordingContext } from '../helpers.js';

let index: SearchIndex;
beforeAll(async () => {
  index = await bundledIndex();
});

describe('/sources', () => {
  it('GIVEN the bundled article THEN lists its title, source and number of passages', async () => {
    const { context } = recordingContext(index);
    const d = data(await handleInteraction(command('sources'), context));
    const article = index.corpus.articles[0]!;
    expect(d.embeds![0]!.title).toBe('Indexed articles (1)');
    expect(d.embeds![0]!.description).toBe(`1. **${article.title}** — Heaptalk · ${article.paragraphs.length} passages · \`${article.id}\``);
  });

  it('GIVEN hundreds of articles THEN as many as fit, then how many more', async () => {
    const articles: Article[] = Array.from({ length: 300 }, (_, i) => ({
      id: `article-${i}`,
      title: `A fairly long headline about topic number ${i} that goes on`,
      source: 'Gazette',
      url: `https://example.test/${i}`,
      published: '2024-06-21',
      paragraphs: [],
    }));
    const { context } = recordingContext(buildIndex(buildCorpus(articles)));
    const description = data(await handleInteraction(command('sources'), context)).embeds![0]!.description!;
    expect(description.length).toBeLessThanOrEqual(4096);
    expect(description).toMatch(/\n…and \d+ more$/);
    expect(description).toContain('[A fairly long headline about topic number 0 that goes on](https://example.test/0)');
  });
});

describe('/help', () => {
  it('GIVEN /help THEN an ephemeral embed that names every command', async () => {
    const { context } = recordingContext(index);
    const d = data(await handleInteraction(command('help'), context));
    expect(d.flags).toBe(64);
    const text = JSON.stringify(d.embeds);
    for (const c of commands) expect(text).toContain(c.data.name.startsWith('Ask the') ? c.data.name : `/${c.data.name}`);
  });
});

describe('"Ask the article" (message context menu)', () => {
  it("GIVEN a message THEN its text (on one line) is the question", async () => {
    const { context, asked } = recordingContext(index);
    const d = data(
      await handleInteraction(command('Ask the article', {}, { targetMessage: { id: '9', content: 'Where did the\nmeeting take place?' } }), context),
    );
    expect(asked).toEqual([{ question: 'Where did the meeting take place?', articleId: undefined }]);
    expect(d.embeds![0]!.description!.split('\n')[0]).toBe('**Q:** Where did the meeting take place?');
  });

  it('GIVEN a message with no text THEN an ephemeral notice', async () => {
    const { context, asked } = recordingContext(index);
    const d = data(await handleInteraction(command('Ask the article', {}, { targetMessage: { id: '9', content: '  ' } }), context));
    expect(d.flags).toBe(64);
    expect(asked).toHaveLength(0);
  });
});

describe('definitions', () => {
  it('GIVEN the registry THEN seven valid commands: six slash commands and one message context menu', () => {
    const defs = commandDefinitions();
    expect(defs.map((d) => d.name)).toEqual(['ask', 'search', 'passage', 'sources', 'help', 'Ask the article', 'article']);
    expect(defs[5]).toMatchObject({ type: 3 });
    for (const d of defs.filter((d) => d.type !== 3)) expect('description' in d ? d.description?.length : 0).toBeGreaterThan(0);
  });
});

describe('long questions from a message', () => {
  it('GIVEN message text over 300 characters THEN asks its first 300 at a word boundary, and "More sources" can re-ask it', async () => {
    const { context, asked } = recordingContext(index);
    const text = `Who met whom ${'and then what happened next '.repeat(20)}**bold`;
    const reply = await handleInteraction(command('Ask the article', {}, { targetMessage: { id: '9', content: text } }), context);
    const question = asked[0]!.question;
    expect(question.length).toBeLessThanOrEqual(300);
    expect(text.startsWith(question)).toBe(true);
    const d = data(reply);
    const more = d.components!.flatMap((r) => r.components).find((b) => b.custom_id.startsWith('more:'))!;
    await handleInteraction({ id: 'c', kind: 'component', userId: '1', customId: more.custom_id, message: { id: 'm', content: '', embeds: d.embeds! } }, context);
    expect(asked[1]!.question).toBe(question);
  });
});
