import { SlashCommandBuilder } from 'discord.js';
import { decodeAction } from '../reply/customIds.js';
import { oneLine, queryFromEmbeds, renderPassage, renderSearch, SEARCH_PAGE } from '../reply/discord.js';
import { passageIn } from '../index/searchPassages.js';
import { MAX_QUERY, requiredText, scopeOfRequest } from './input.js';
import { UserError, type Command, type ComponentHandler } from './types.js';

/**
 * `/search query:`: the best-matching passages, numbered and paged. Autocomplete offers what was typed
 * plus live passage suggestions; a picked suggestion's value is a passage id, which shows that passage.
 */
export const search = {
  data: new SlashCommandBuilder()
    .setName('search')
    .setDescription('Find passages in the articles.')
    .addStringOption((o) =>
      o.setName('query').setDescription('Words to look for').setRequired(true).setMaxLength(MAX_QUERY).setAutocomplete(true),
    ),

  execute(request, context) {
    const query = requiredText(request.options.query, 'search query', MAX_QUERY);
    const scope = scopeOfRequest(request);
    // A picked suggestion is a passage id; another server's passage id is just words to search for.
    const picked = passageIn(context.index, query, scope);
    if (picked) return { type: 4, data: renderPassage(picked.paragraph, picked.article) };
    const result = context.qa.searchPassages(context.index, query, { limit: SEARCH_PAGE, offset: 0, scope });
    return { type: 4, data: renderSearch(query, result, 0) };
  },

  autocomplete(request, context) {
    const typed = oneLine(String(request.options[request.focused] ?? '')).slice(0, MAX_QUERY);
    if (!typed) return [];
    const suggestions = context.qa.suggest(context.index, typed, 24, scopeOfRequest(request)).map((s) => ({ name: s.label, value: s.paragraphId }));
    // What was typed comes first, so pressing Enter searches exactly that.
    return [{ name: typed, value: typed }, ...suggestions];
  },
} satisfies Command;

/** Previous / Next: re-runs the query read back from the message at the page offset in the custom_id. */
export const searchPage = {
  prefix: 'search',
  handle(request, context) {
    const action = decodeAction(request.customId);
    if (action?.kind !== 'search') throw new UserError('This button is not one I understand any more. Search again with /search.');
    const query = queryFromEmbeds(request.message.embeds);
    if (!query) throw new UserError("I can't find the query on that message any more. Search again with /search.");
    let offset = action.offset;
    const scope = scopeOfRequest(request);
    let result = context.qa.searchPassages(context.index, query, { limit: SEARCH_PAGE, offset, scope });
    if (result.hits.length === 0 && result.total > 0) {
      // The index changed since the message was sent: show the last page rather than an empty one.
      offset = Math.floor((result.total - 1) / SEARCH_PAGE) * SEARCH_PAGE;
      result = context.qa.searchPassages(context.index, query, { limit: SEARCH_PAGE, offset, scope });
    }
    return { type: 7, data: renderSearch(query, result, offset) };
  },
} satisfies ComponentHandler;
