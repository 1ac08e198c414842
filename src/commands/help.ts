import { SlashCommandBuilder } from 'discord.js';
import { renderHelp } from '../reply/discord.js';
import type { Command } from './types.js';

/** `/help`: what the bot does, with examples (only the asker sees it). */
export const help = {
  data: new SlashCommandBuilder().setName('help').setDescription('What I do, with examples.'),
  execute() {
    return { type: 4, data: renderHelp() };
  },
} satisfies Command;
