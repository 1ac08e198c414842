import { beforeAll, describe, expect, it } from 'vitest';
import { ask, moreSources } from '../../src/commands/ask.js';
import { handleInteraction } from '../../src/commands/index.js';
import type { CommandContext } from '../../src/commands/types.js';
import type { SearchIndex } from '../../src/index/buildIndex.js';
import { decodeAction } from '../../src/reply/customIds.js';
import type { Answer } from '../../src/qa/types.js';
import { bundledIndex, buttons, citationOf, click, command, data, recordingContext } from '../helpers.js';

const ARTICLE = 'indonesia-japan-automotive';
let index: SearchIndex;
beforeAll(async () => {
  index = await bundledIndex();
});

function relationAnswer(question: string): Answer {
  return {
    question,
    answer: 'Agus Gumiwang Kartasasmita met Ken Saito',
    answerType: 'relation',
    confidence: 0.87,
    citations: [citationOf(index, `${ARTICLE}#p1`, 'Agus Gumiwang Kartasasmita'), citationOf(index, `${ARTICLE}#p4`)],
    more: [`${ARTICLE}#p2`, `${ARTICLE}#p3`, `${ARTICLE}#p5`, `${ARTICLE}#p6`].map((id) => citationOf(index, id)),
  };
}



describe('/ask', () => {
  it('GIVEN an answer THEN the embed has the short answer on top, cited passages with the answer bold, and the confidence', async () => {
    const { context } = recordingContext(index, { answer: relationAnswer });
    const reply = await handleInteraction(command('ask', { question: 'who met whom?' }), context);
    expect(reply.type).toBe(4);
    const d = data(reply);
    expect(d.allowed_mentions).toEqual({ parse: [] });
    expect(d.flags).toBeUndefined();
    const embed = d.embeds![0]!;
    expect(embed.description!.split('\n')).toEqual(['**Q:** who met whom?', '**A:** Agus Gumiwang Kartasasmita met Ken Saito']);
    expect(embed.fields).toHaveLength(2);
    expect(embed.fields![0]!.name).toBe('[1] Indonesian and Japanese ministers discuss automotive cooperation — ¶1');
    expect(embed.fields![0]!.value).toMatch(/^> .*\*\*Agus Gumiwang Kartasasmita\*\*/);
    expect(embed.fields![0]!.value).toContain(`— Heaptalk · \`${ARTICLE}#p1\``);
    expect(embed.fields![1]!.name).toMatch(/¶4$/);
    expect(embed.footer!.text).toBe('Confidence 87%');
  });

  it('GIVEN an answer THEN "More sources" and "Full paragraph" carry what they need in their custom_ids', async () => {
    const { context } = recordingContext(index, { answer: relationAnswer });
    const d = data(await handleInteraction(command('ask', { question: 'who met whom?', article: ARTICLE }), context));
    const [more, full] = buttons(d);
    expect(more).toMatchObject({ label: 'More sources (4)', custom_id: `more:0:${ARTICLE}` });
    expect(more).not.toHaveProperty('disabled');
    expect(full).toMatchObject({ label: 'Full paragraph', custom_id: `para:${ARTICLE}#p1` });
  });

  it('GIVEN no answer but close passages THEN says the article does not say and shows them, without guessing', async () => {
    const { context } = recordingContext(index, {
      answer: (question) => ({ question, answer: null, answerType: 'phrase', confidence: 0.12, citations: [citationOf(index, `${ARTICLE}#p2`)], more: [] }),
    });
    const d = data(await handleInteraction(command('ask', { question: 'What colour is the moon?' }), context));
    const embed = d.embeds![0]!;
    expect(embed.title).toBe("The article doesn't say");
    expect(embed.description).toContain("**The article doesn't say.** These are the closest passages:");
    expect(embed.description).not.toContain('**A:**');
    expect(embed.fields).toHaveLength(1);
    expect(embed.footer!.text).toBe('Confidence 12% (too low to answer)');
    expect(buttons(d)[0]).toMatchObject({ label: 'More sources', disabled: true });
  });

  it('GIVEN no answer and nothing relevant THEN says so plainly, with no fields and no buttons', async () => {
    const { context } = recordingContext(index, {
      answer: (question) => ({ question, answer: null, answerType: 'phrase', confidence: 0, citations: [], more: [] }),
    });
    const d = data(await handleInteraction(command('ask', { question: 'zzz' }), context));
    expect(d.embeds![0]!.description).toContain('no passage comes close');
    expect(d.embeds![0]!.fields).toEqual([]);
    expect(d.components).toEqual([]);
  });

  it('GIVEN private: true THEN the reply is ephemeral', async () => {
    const { context } = recordingContext(index, { answer: relationAnswer });
    expect(data(await handleInteraction(command('ask', { question: 'who met whom?', private: true }), context)).flags).toBe(64);
  });

  it('GIVEN mentions and markdown in the question THEN they are escaped in the echo and nothing can ping', async () => {
    const { context, asked } = recordingContext(index, { answer: relationAnswer });
    const question = '@everyone <@123> <@&456> **who** met whom?';
    const d = data(await handleInteraction(command('ask', { question }), context));
    expect(asked[0]!.question).toBe(question);
    const first = d.embeds![0]!.description!.split('\n')[0]!;
    expect(first).not.toMatch(/@everyone|<@\d+>|<@&\d+>|(^|[^\\])\*\*who/);
    expect(first).toContain('\\*\\*who\\*\\*');
    expect(d.allowed_mentions).toEqual({ parse: [] });
  });

  it('GIVEN a blank question THEN an ephemeral notice, and qa is never asked', async () => {
    const { context, asked } = recordingContext(index, { answer: relationAnswer });
    const d = data(await handleInteraction(command('ask', { question: '   ' }), context));
    expect(d.flags).toBe(64);
    expect(d.content).toMatch(/question/);
    expect(asked).toHaveLength(0);
  });

  it('GIVEN an article typed by title THEN asks within that article; GIVEN an unknown one THEN an ephemeral notice', async () => {
    const { context, asked } = recordingContext(index, { answer: relationAnswer });
    const title = index.corpus.articleById.get(ARTICLE)!.title.toUpperCase();
    await handleInteraction(command('ask', { question: 'who met whom?', article: title }), context);
    expect(asked[0]).toEqual({ question: 'who met whom?', articleId: ARTICLE });
    const d = data(await handleInteraction(command('ask', { question: 'who?', article: 'no-such-article' }), context));
    expect(d.flags).toBe(64);
    expect(d.content).toContain('no-such-article');
  });

  it('GIVEN the article option is focused THEN suggests matching titles with ids as values', async () => {
    const { context } = recordingContext(index);
    const reply = await handleInteraction({ id: 'a', kind: 'autocomplete', userId: '1', name: 'ask', options: { question: 'x', article: 'japan' }, focused: 'article' }, context);
    expect(reply).toEqual({ type: 8, data: { choices: [{ name: 'Indonesian and Japanese ministers discuss automotive cooperation', value: ARTICLE }] } });
    const none = await handleInteraction({ id: 'b', kind: 'autocomplete', userId: '1', name: 'ask', options: { article: 'football' }, focused: 'article' }, context);
    expect(none).toEqual({ type: 8, data: { choices: [] } });
  });

  it('the definition has the options the issue asks for', () => {
    const json = ask.data.toJSON();
    expect(json.name).toBe('ask');
    expect(json.options).toMatchObject([
      { name: 'question', required: true, max_length: 300, type: 3 },
      { name: 'article', autocomplete: true, type: 3 },
      { name: 'private', type: 5 },
    ]);
  });
});

describe('"More sources" button', () => {
  async function firstReply(context: CommandContext) {
    return data(await handleInteraction(command('ask', { question: '@here who *met* whom?', article: ARTICLE }), context));
  }

  it('GIVEN a click THEN re-asks the question read back from the message and shows the next sources, ephemerally', async () => {
    const { context, asked } = recordingContext(index, { answer: relationAnswer });
    const first = await firstReply(context);
    const customId = buttons(first)[0]!.custom_id!;
    const d = data(await handleInteraction(click(customId, first.embeds), context));
    expect(asked[1]).toEqual({ question: '@here who *met* whom?', articleId: ARTICLE });
    expect(d.flags).toBe(64);
    const embed = d.embeds![0]!;
    expect(embed.title).toBe('More sources');
    expect(embed.fields!.map((f) => f.name.match(/¶\d+/)![0])).toEqual(['¶2', '¶3', '¶5']);
    expect(embed.fields![0]!.name).toMatch(/^\[3\]/);
    // Page two carries on from offset 3 and still knows the question.
    const next = buttons(d)[0]!;
    expect(decodeAction(next.custom_id!)).toEqual({ kind: 'more', offset: 3, articleId: ARTICLE });
    const page2 = data(await handleInteraction(click(next.custom_id!, d.embeds), context));
    expect(page2.embeds![0]!.fields!.map((f) => f.name.match(/¶\d+/)![0])).toEqual(['¶6']);
    expect(buttons(page2)).toEqual([]);
  });

  it('GIVEN a message without the question line THEN an ephemeral notice instead of a wrong answer', async () => {
    const { context, asked } = recordingContext(index, { answer: relationAnswer });
    const d = data(await handleInteraction(click('more:0', [{ description: 'something else' }]), context));
    expect(d.content).toMatch(/can't find the question/);
    expect(asked).toHaveLength(0);
  });

  it('is routed by its prefix', () => {
    expect(moreSources.prefix).toBe('more');
  });
});

describe('/ask with the real question answering', () => {
  it('GIVEN "who met whom?" THEN the short answer is made of bold spans quoted verbatim from the first cited passage', async () => {
    const { context } = recordingContext(index);
    const d = data(await handleInteraction(command('ask', { question: 'who met whom?' }), context));
    const answer = context.qa.ask(index, 'who met whom?');
    expect(answer.answer).not.toBeNull();
    const embed = d.embeds![0]!;
    expect(embed.description).toBe(`**Q:** who met whom?\n**A:** ${answer.answer}`);
    const first = embed.fields![0]!.value;
    const bold = [...first.matchAll(/\*\*(.+?)\*\*/g)].map((m) => m[1]!);
    expect(bold.length).toBeGreaterThan(0);
    const passage = index.corpus.paragraphById.get(answer.citations[0]!.id)!.text;
    for (const span of bold) {
      expect(passage).toContain(span);
      expect(answer.answer).toContain(span);
    }
    expect(embed.fields).toHaveLength(answer.citations.length);
  });

  it('GIVEN a question the article does not answer THEN no short answer is shown', async () => {
    const { context } = recordingContext(index);
    const d = data(await handleInteraction(command('ask', { question: 'What colour is the moon?' }), context));
    expect(d.embeds![0]!.title).toBe("The article doesn't say");
    expect(d.embeds![0]!.description).not.toContain('**A:**');
  });
});
