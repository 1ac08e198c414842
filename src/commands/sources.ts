import { SlashCommandBuilder } from 'discord.js';
import { renderSources } from '../reply/discord.js';
import type { Command } from './types.js';

/** `/sources`: the indexed articles with source, date and number of passages. */
export const sources = {
  data: new SlashCommandBuilder().setName('sources').setDescription('List the articles I can answer from.'),
  execute(_request, context) {
    return { type: 4, data: renderSources(context.index.corpus) };
  },
} satisfies Command;
