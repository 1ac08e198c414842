import { SlashCommandBuilder } from 'discord.js';
import { renderSources } from '../reply/discord.js';
import { articlesIn } from '../index/searchPassages.js';
import { scopeOfRequest } from './input.js';
import type { Command } from './types.js';

/** `/sources`: the articles the asker's scope holds (library, then their server's), with source, date and passages. */
export const sources = {
  data: new SlashCommandBuilder().setName('sources').setDescription('List the articles I can answer from.'),
  execute(request, context) {
    return { type: 4, data: renderSources({ articles: articlesIn(context.index, scopeOfRequest(request)) }) };
  },
} satisfies Command;
