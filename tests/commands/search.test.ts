import { beforeAll, describe, expect, it } from 'vitest';
import { handleInteraction } from '../../src/commands/index.js';
import { search } from '../../src/commands/search.js';
import type { SearchIndex } from '../../src/index/buildIndex.js';
import { buildIndex } from '../../src/index/buildIndex.js';
import { buildCorpus } from '../../src/corpus/loadCorpus.js';
import type { Article } from '../../src/corpus/types.js';
import { bundledIndex, buttons, click, command, data, recordingContext } from '../helpers.js';

let index: SearchIndex;
beforeAll(async () => {
  index = await bundledIndex();
});


/** A corpus of one article with `n` paragraphs that all mention "harbour", so results need paging. */
function harbourIndex(n: number): SearchIndex {
  const paragraphs = Array.from({ length: n }, (_, i) => ({
    id: `harbour#p${i + 1}`,
    articleId: 'harbour',
    number: i + 1,
    text: `Paragraph ${i + 1} is about the harbour and its ${'ships '.repeat(i + 1).trim()}.`,
    start: 0,
    end: 0,
    sentences: [],
    statements: [],
  }));
  const article: Article = { id: 'harbour', title: 'The harbour', source: 'Test Gazette', paragraphs };
  return buildIndex(buildCorpus([article]));
}

describe('/search', () => {
  it('GIVEN a query THEN numbered passages with their ids, the query echoed escaped, no pings', async () => {
    const { context } = recordingContext(index);
    const d = data(await handleInteraction(command('search', { query: 'electric vehicle <@1>' }), context));
    const embed = d.embeds![0]!;
    expect(d.allowed_mentions).toEqual({ parse: [] });
    expect(embed.description!.split('\n')[0]).toBe('**Search:** electric vehicle <\u200b@1>');
    expect(embed.fields!.length).toBeGreaterThan(0);
    expect(embed.fields![0]!.name).toMatch(/^1\. Indonesian and Japanese ministers discuss automotive cooperation — ¶\d+$/);
    expect(embed.fields![0]!.value).toMatch(/`indonesia-japan-automotive#p\d+`$/);
  });

  it('GIVEN more results than a page THEN Next pages forward in place and Previous comes back', async () => {
    const { context } = recordingContext(harbourIndex(12));
    const first = data(await handleInteraction(command('search', { query: 'harbour' }), context));
    expect(first.embeds![0]!.description).toContain('Results 1–5 of 12');
    const [prev, next] = buttons(first);
    expect(prev).toMatchObject({ label: 'Previous', disabled: true });
    expect(next).toMatchObject({ label: 'Next', custom_id: 'search:5:next' });

    const second = await handleInteraction(click(next!.custom_id!, first.embeds), context);
    expect(second.type).toBe(7);
    const page2 = data(second);
    expect(page2.embeds![0]!.description).toContain('Results 6–10 of 12');
    expect(page2.embeds![0]!.fields![0]!.name).toMatch(/^6\. /);

    const third = data(await handleInteraction(click(buttons(page2)[1]!.custom_id!, page2.embeds), context));
    expect(third.embeds![0]!.description).toContain('Results 11–12 of 12');
    expect(buttons(third)[1]).toMatchObject({ disabled: true });

    const back = data(await handleInteraction(click(buttons(third)[0]!.custom_id!, third.embeds), context));
    expect(back.embeds![0]!.description).toContain('Results 6–10 of 12');
  });

  it('GIVEN a page past the end (the index shrank) THEN shows the last page', async () => {
    const { context } = recordingContext(harbourIndex(7));
    const first = data(await handleInteraction(command('search', { query: 'harbour' }), context));
    const d = data(await handleInteraction(click('search:20:next', first.embeds), context));
    expect(d.embeds![0]!.description).toContain('Results 6–7 of 7');
  });

  it('GIVEN no match THEN says so', async () => {
    const { context } = recordingContext(index);
    const d = data(await handleInteraction(command('search', { query: 'xylophone' }), context));
    expect(d.embeds![0]!.description).toContain('No passage matches.');
    expect(buttons(d)).toEqual([]);
  });

  it('GIVEN typing THEN autocomplete offers the typed text first, then passage suggestions, within limits', async () => {
    const { context } = recordingContext(index);
    const reply = await handleInteraction({ id: 'a', kind: 'autocomplete', userId: '1', name: 'search', options: { query: 'automotive' }, focused: 'query' }, context);
    if (reply.type !== 8) throw new Error('expected choices');
    const { choices } = reply.data;
    expect(choices[0]).toEqual({ name: 'automotive', value: 'automotive' });
    expect(choices.length).toBeGreaterThan(1);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) expect(c.name.length).toBeLessThanOrEqual(100);
    for (const c of choices.slice(1)) expect(index.corpus.paragraphById.has(String(c.value))).toBe(true);
  });

  it('GIVEN a picked suggestion (a passage id) THEN shows that passage', async () => {
    const { context } = recordingContext(index);
    const d = data(await handleInteraction(command('search', { query: 'indonesia-japan-automotive#p4' }), context));
    expect(d.embeds![0]!.title).toMatch(/— ¶4$/);
  });

  it('GIVEN a button on a message without the query THEN an ephemeral notice', async () => {
    const { context } = recordingContext(index);
    const d = data(await handleInteraction(click('search:5:next', []), context));
    expect(d.flags).toBe(64);
  });

  it('the definition has an autocompleted, required query', () => {
    expect(search.data.toJSON().options).toMatchObject([{ name: 'query', required: true, autocomplete: true }]);
  });
});
