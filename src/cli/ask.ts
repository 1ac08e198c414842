import { createInterface } from 'node:readline';
import { isServerId, scopeOf } from '../corpus/scope.js';
import { describeArticleError, openIndex } from '../index/openIndex.js';
import { articlesIn } from '../index/searchPassages.js';
import { ask } from '../qa/ask.js';
import type { Answer } from '../qa/types.js';
import { renderAnswerText } from '../reply/text.js';
import { chooseAnswerer, exitQuietlyOnBrokenPipe, readCommandLine } from './io.js';

const USAGE = `Usage: npm run ask -- [--json] [--data DIR] [--server ID] [--article ID] [--timing] ["question"]
  With a question: prints the answer (or, with --json, one JSON object).
  Without one: reads questions from standard input, one per line (with --json: JSON Lines).
  --server ID: act as that Discord server (the library plus its own articles); without it, the library only.
  --timing: how long opening the index and each answer took, on standard error.`;

/** The JSON shape of an answer, as documented in the README. */
export function answerJson(answer: Answer) {
  return {
    question: answer.question,
    answer: answer.answer,
    answerType: answer.answerType,
    confidence: answer.confidence,
    citations: answer.citations.map((c) => ({
      id: c.id,
      articleId: c.articleId,
      articleTitle: c.articleTitle,
      paragraph: c.paragraph,
      text: c.text,
      highlights: c.highlights,
    })),
  };
}

async function main(): Promise<number> {
  exitQuietlyOnBrokenPipe();
  const args = readCommandLine({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      data: { type: 'string', default: process.env.DATA_DIR || 'data' },
      article: { type: 'string' },
      server: { type: 'string' },
      timing: { type: 'boolean', default: false },
      answerer: { type: 'string' },
    },
  }, USAGE);
  if (typeof args === 'number') return args;
  if (!chooseAnswerer(args.values.answerer)) return 2;
  if (args.values.server !== undefined && !isServerId(args.values.server)) {
    process.stderr.write(`--server must be a Discord server id (digits), got ${JSON.stringify(args.values.server)}\n${USAGE}\n`);
    return 2;
  }
  const scope = scopeOf(args.values.server);
  const opening = performance.now();
  const index = await openIndex(args.values.data, { onArticleError: (e) => process.stderr.write(`${describeArticleError(e)}\n`) });
  if (args.values.timing) process.stderr.write(`timing: index opened in ${(performance.now() - opening).toFixed(0)} ms (${index.corpus.paragraphById.size} paragraphs)\n`);
  if (articlesIn(index, scope).length === 0) {
    process.stderr.write(`No articles found in ${args.values.data}/articles.\n`);
    return 1;
  }
  const answerOne = (question: string): string => {
    const started = performance.now();
    const answer = ask(index, question, { articleId: args.values.article, scope });
    if (args.values.timing) process.stderr.write(`timing: answered in ${(performance.now() - started).toFixed(2)} ms\n`);
    return args.values.json ? JSON.stringify(answerJson(answer)) : renderAnswerText(answer);
  };
  const question = args.positionals.join(' ').trim();
  if (question) {
    process.stdout.write(`${answerOne(question)}\n`);
    return 0;
  }
  // Questions from standard input, one per line, answered as they arrive; the index is built once.
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let first = true;
  for await (const line of lines) {
    const q = line.trim();
    if (!q) continue;
    if (!args.values.json && !first) process.stdout.write('\n');
    process.stdout.write(`${answerOne(q)}\n`);
    first = false;
  }
  return 0;
}

process.exitCode = await main();
