import { createInterface } from 'node:readline';
import type { SearchIndex } from '../index/buildIndex.js';
import { LIBRARY, type Scope } from '../corpus/scope.js';
import { articlesIn, passageIn, searchPassages } from '../index/searchPassages.js';
import { ask } from '../qa/ask.js';
import { HELP_TEXT, renderAnswerText, renderPassageText, renderSearchText, renderSourcesText } from '../reply/text.js';

/** The longest line we act on, as Discord's own option limit for /ask; longer input is refused, not cut. */
export const MAX_INPUT = 300;

export const DISCORD_HINT = [
  'This is the terminal chat. To run the same bot on Discord, set DISCORD_TOKEN and DISCORD_CLIENT_ID',
  '(see .env.example and the README), run `npm run deploy-commands`, then `npm start` again.',
].join('\n');

/**
 * One line of chat → the reply text. Understands the slash commands the Discord bot has; anything else
 * is a question. Pure apart from reading the index, so the chat and the tests share it. It sees the
 * library, plus one server's own articles when started with `--server ID` (`scope`).
 */
export function replyToLine(index: SearchIndex, line: string, scope: Scope = LIBRARY): string {
  const input = line.trim();
  if (!input) return '';
  if (input.length > MAX_INPUT) return `That is ${input.length} characters; please keep it under ${MAX_INPUT}.`;
  const match = /^\/(\w+)\s*(.*)$/s.exec(input);
  if (!match) return renderAnswerText(ask(index, input, { scope }));
  const [, command, rest] = match as unknown as [string, string, string];
  const argument = rest.trim();
  switch (command.toLowerCase()) {
    case 'ask':
      return argument ? renderAnswerText(ask(index, argument, { scope })) : 'Usage: /ask <question>';
    case 'search':
      return argument ? renderSearchText(argument, searchPassages(index, argument, { scope })) : 'Usage: /search <words>';
    case 'passage': {
      const found = passageIn(index, argument, scope);
      return found ? renderPassageText(found.article, found.paragraph) : `No passage with id "${argument}". Try /search to find one.`;
    }
    case 'sources':
      return renderSourcesText({ articles: articlesIn(index, scope) });
    case 'help':
      return HELP_TEXT;
    default:
      return `Unknown command /${command}. Type /help to see what I can do.`;
  }
}

/**
 * The chat loop. On a terminal it prompts; with piped input it answers each line and ends at end of input.
 */
export async function runTerminal(
  index: SearchIndex,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
  scope: Scope = LIBRARY,
): Promise<void> {
  const interactive = Boolean((input as NodeJS.ReadStream).isTTY);
  const write = (text: string) => output.write(`${text}\n`);
  write(`${DISCORD_HINT}\n`);
  const articles = articlesIn(index, scope).length;
  if (scope.server) write(`Acting as server ${scope.server}: the library and that server's own articles.`);
  write(`${articles} article${articles === 1 ? '' : 's'} indexed. Ask a question, or type /help.${interactive ? ' Ctrl+D to quit.' : ''}\n`);
  const lines = createInterface({ input, output: interactive ? output : undefined, terminal: interactive, crlfDelay: Infinity });
  if (interactive) {
    lines.setPrompt('> ');
    lines.prompt();
  }
  for await (const line of lines) {
    const reply = replyToLine(index, line, scope);
    if (reply) write(`${interactive ? '' : `> ${line.trim()}\n`}${reply}\n`);
    if (interactive) lines.prompt();
  }
}
