import type { APIActionRowComponent, APIButtonComponentWithCustomId, APIEmbed } from 'discord.js';

/**
 * Discord's size limits, and truncation that respects them. Lengths are counted in UTF-16 code units
 * (`String#length`), which is never less than Discord's own count, so a reply that fits here fits there.
 */
export const DISCORD_LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  /** Title + description + field names and values + footer + author, summed over all embeds of a message. */
  embedTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

export const ELLIPSIS = '…';

/**
 * Shortens `text` to at most `max` characters, cutting at a word boundary and ending with an ellipsis.
 * It never leaves a dangling escape backslash, a split surrogate pair or an unclosed `**` bold marker.
 *
 * @example truncate('the quick brown fox', 12) // 'the quick…'
 */
export function truncate(text: string, max: number, ellipsis: string = ELLIPSIS): string {
  if (text.length <= max) return text;
  if (max <= ellipsis.length) return ellipsis.slice(0, Math.max(0, max));
  let budget = max - ellipsis.length;
  for (;;) {
    const cut = cutAtWord(text, budget);
    const closing = unclosedBold(cut) ? '**' : '';
    if (cut.length + closing.length <= budget || budget <= 0) return cut + closing + ellipsis;
    budget -= closing.length;
  }
}

/** Raw text (not markdown) cut to at most `max` characters at a word boundary, with no ellipsis. */
export function clipWords(text: string, max: number): string {
  return text.length <= max ? text : cutAtWord(text, max);
}

/** The longest prefix of `text` of at most `budget` characters that ends at a word boundary (or mid-word if a word is huge). */
function cutAtWord(text: string, budget: number): string {
  let cut = text.slice(0, budget);
  // Cut inside a word? Back up to the last whitespace, unless that would throw away more than half the budget.
  const next = text.charAt(budget);
  if (next && !/\s/.test(next)) {
    const lastSpace = cut.search(/\s\S*$/);
    if (lastSpace > budget / 2) cut = cut.slice(0, lastSpace);
  }
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  cut = cut.replace(/[\s,;:]+$/u, '');
  // An odd run of trailing backslashes would escape the ellipsis (or our closing marker).
  const slashes = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (slashes % 2 === 1) cut = cut.slice(0, -1);
  return cut;
}

/** True when `text` has an odd number of unescaped `**` markers. */
export function unclosedBold(text: string): boolean {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === '*' && text[i + 1] === '*') {
      count++;
      i++;
    }
  }
  return count % 2 === 1;
}

/** Keeps the end of `text` (at most `max` characters), starting at a word boundary after a leading ellipsis. */
export function truncateStart(text: string, max: number, ellipsis: string = ELLIPSIS): string {
  if (text.length <= max) return text;
  const reversed = [...text].reverse().join('');
  const cut = truncate(reversed, max, '');
  return ellipsis + [...cut].reverse().join('').replace(/^[\s,;:]+/u, '');
}

/** Characters an embed counts towards the 6,000 per-message total. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/** Brings one embed within every per-part limit (fields beyond 25 are dropped). */
export function fitEmbed(embed: APIEmbed): APIEmbed {
  const fitted: APIEmbed = { ...embed };
  if (fitted.title !== undefined) fitted.title = truncate(fitted.title, DISCORD_LIMITS.embedTitle);
  if (fitted.description !== undefined) fitted.description = truncate(fitted.description, DISCORD_LIMITS.embedDescription);
  if (fitted.footer) fitted.footer = { ...fitted.footer, text: truncate(fitted.footer.text, DISCORD_LIMITS.footerText) };
  if (fitted.author) fitted.author = { ...fitted.author, name: truncate(fitted.author.name, DISCORD_LIMITS.authorName) };
  if (fitted.fields) {
    fitted.fields = fitted.fields.slice(0, DISCORD_LIMITS.embedFields).map((f) => ({
      ...f,
      name: truncate(f.name, DISCORD_LIMITS.fieldName) || '\u200b',
      value: truncate(f.value, DISCORD_LIMITS.fieldValue) || '\u200b',
    }));
  }
  return fitted;
}

/**
 * Brings a whole message within Discord's limits: content, each embed, the 6,000-character total across
 * embeds (dropping trailing fields first, then shortening descriptions), rows and buttons per row.
 * A custom_id over 100 characters is a bug in our code, not user input, so it throws rather than truncating.
 */
export function fitMessage<T extends FittableMessage>(data: T): T {
  const out: T = { ...data };
  if (out.content !== undefined) out.content = truncate(out.content, DISCORD_LIMITS.content);
  if (out.embeds) {
    const embeds = out.embeds.slice(0, DISCORD_LIMITS.embedsPerMessage).map(fitEmbed);
    let over = embeds.reduce((n, e) => n + embedLength(e), 0) - DISCORD_LIMITS.embedTotal;
    for (let i = embeds.length - 1; i >= 0 && over > 0; i--) {
      const embed = embeds[i]!;
      while (over > 0 && embed.fields && embed.fields.length > 0) {
        const dropped = embed.fields.pop()!;
        over -= dropped.name.length + dropped.value.length;
      }
      if (over > 0 && embed.description) {
        const before = embed.description.length;
        embed.description = truncate(embed.description, Math.max(0, before - over));
        over -= before - embed.description.length;
      }
    }
    out.embeds = embeds;
  }
  if (out.components) {
    out.components = out.components.slice(0, DISCORD_LIMITS.actionRows).map((row) => ({
      ...row,
      components: row.components.slice(0, DISCORD_LIMITS.buttonsPerRow).map((button) => {
        if (button.custom_id.length > DISCORD_LIMITS.customId) {
          throw new Error(`fitMessage: custom_id longer than ${DISCORD_LIMITS.customId} characters: ${button.custom_id}`);
        }
        return button.label !== undefined
          ? { ...button, label: truncate(button.label, DISCORD_LIMITS.buttonLabel) }
          : button;
      }),
    }));
  }
  return out;
}

export interface FittableMessage {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIButtonComponentWithCustomId>[];
}

/**
 * Autocomplete choices within limits: at most 25, names truncated to 100 characters. A choice whose
 * string value is over 100 characters is dropped, since a cut value would name something else.
 */
export function fitChoices<T extends { name: string; value: string | number }>(choices: T[]): T[] {
  return choices
    .filter((c) => typeof c.value !== 'string' || (c.value.length > 0 && c.value.length <= DISCORD_LIMITS.choiceValue))
    .slice(0, DISCORD_LIMITS.choices)
    .map((c) => ({ ...c, name: truncate(c.name, DISCORD_LIMITS.choiceName) || ELLIPSIS }));
}
