import { beforeAll, describe, expect, it } from 'vitest';
import { handleInteraction } from '../../src/commands/index.js';
import type { SearchIndex } from '../../src/index/buildIndex.js';
import { bundledIndex, buttons, click, command, data, recordingContext } from '../helpers.js';

let index: SearchIndex;
beforeAll(async () => {
  index = await bundledIndex();
});
const ID = 'indonesia-japan-automotive#p4';

describe('/passage', () => {
  it('GIVEN an id THEN the passage quoted whole, its neighbours as context, and buttons to move', async () => {
    const { context } = recordingContext(index);
    const d = data(await handleInteraction(command('passage', { id: ID }), context));
    const paragraph = index.corpus.paragraphById.get(ID)!;
    const embed = d.embeds![0]!;
    expect(embed.title).toBe('Indonesian and Japanese ministers discuss automotive cooperation — ¶4');
    expect(embed.description).toContain('*Indonesia as base for Japanese automotive production*');
    expect(embed.description).toContain(`> ${paragraph.text.slice(0, 60)}`);
    expect(embed.description).toContain(`\`${ID}\``);
    expect(embed.fields!.map((f) => f.name)).toEqual(['Before — ¶3', 'After — ¶5']);
    expect(buttons(d).map((b) => b.custom_id)).toEqual(['pnav:indonesia-japan-automotive#p3', 'pnav:indonesia-japan-automotive#p5']);
  });

  it('GIVEN ◀ THEN updates the message in place; GIVEN "Full paragraph" THEN a new ephemeral message', async () => {
    const { context } = recordingContext(index);
    const moved = await handleInteraction(click('pnav:indonesia-japan-automotive#p3'), context);
    expect(moved.type).toBe(7);
    expect(data(moved).embeds![0]!.title).toMatch(/¶3$/);
    const full = await handleInteraction(click(`para:${ID}`), context);
    expect(full.type).toBe(4);
    expect(data(full).flags).toBe(64);
  });

  it('GIVEN the first paragraph THEN no "Before" and only a forward button', async () => {
    const { context } = recordingContext(index);
    const d = data(await handleInteraction(command('passage', { id: 'indonesia-japan-automotive#p1' }), context));
    expect(d.embeds![0]!.fields!.map((f) => f.name)).toEqual(['After — ¶2']);
    expect(buttons(d)).toHaveLength(1);
  });

  it('GIVEN an unknown id THEN an ephemeral notice that escapes it', async () => {
    const { context } = recordingContext(index);
    const d = data(await handleInteraction(command('passage', { id: '@everyone#p9' }), context));
    expect(d.flags).toBe(64);
    expect(d.content).toContain('@\u200beveryone#p9');
  });

  it('GIVEN typing THEN suggestions by id prefix or by words, values being passage ids', async () => {
    const { context } = recordingContext(index);
    const auto = async (value: string) => {
      const reply = await handleInteraction({ id: 'x', kind: 'autocomplete', userId: '1', name: 'passage', options: { id: value }, focused: 'id' }, context);
      if (reply.type !== 8) throw new Error('expected choices');
      return reply.data.choices;
    };
    const byId = await auto('indonesia-japan-automotive#p');
    expect(byId.map((c) => c.value)).toEqual(index.corpus.articles[0]!.paragraphs.map((p) => p.id));
    const byWords = await auto('human resources');
    expect(byWords.length).toBeGreaterThan(0);
    for (const c of [...byId, ...byWords, ...(await auto(''))]) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(index.corpus.paragraphById.has(String(c.value))).toBe(true);
    }
  });
});
