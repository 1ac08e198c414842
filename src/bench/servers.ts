import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { serverArticlesDir } from '../corpus/scope.js';
import { mulberry32, randInt, shuffled } from './random.js';
import { squadArticleId, type BenchQuestion, type SquadArticle } from './squad.js';

/** A many-servers benchmark corpus: a library, and servers each with their own articles. */
export interface ServersSpec {
  servers: number;
  /** Articles per server: one SQuAD article the questions are about, the rest generated. */
  perServer: number;
  /** Generated paragraphs in the library, besides the bundled articles. */
  libraryParagraphs: number;
  seed: number;
}

/** Server ids that look like Discord's (18 digits), one per server, stable for a seed. */
export function serverIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(900000000000000000n + BigInt(i + 1)));
}

/**
 * Writes the corpus as real files, so the real loader, cache and watcher paths are measured: the
 * bundled articles and `libraryParagraphs` generated ones in `dir/articles/`, and for each server
 * `dir/servers/<id>/articles/` with one SQuAD article (server k gets asked article k mod 12, verbatim: the
 * same article in many servers, as when many servers add the same URL) and `perServer − 1` generated
 * articles of 10 paragraphs. A `.complete` marker lets a later run reuse the folder.
 */
export async function writeServersCorpus(
  dir: string,
  spec: ServersSpec,
  asked: SquadArticle[],
  pool: string[],
  bundledDir: string,
): Promise<{ paragraphs: number; articles: number; reused: boolean }> {
  const marker = path.join(dir, '.complete');
  if (existsSync(marker)) return { ...(JSON.parse(await readFile(marker, 'utf8')) as { paragraphs: number; articles: number }), reused: true };
  await rm(dir, { recursive: true, force: true });
  const library = path.join(dir, 'articles');
  await mkdir(library, { recursive: true });
  const random = mulberry32(spec.seed);
  let paragraphs = 0;
  let articles = 0;
  const pending: Array<Promise<void>> = [];
  const write = async (file: string, text: string) => {
    pending.push(writeFile(file, text));
    if (pending.length >= 64) await Promise.all(pending.splice(0));
  };
  for (const name of (await readdir(bundledDir)).filter((n) => n.endsWith('.md'))) {
    await copyFile(path.join(bundledDir, name), path.join(library, name));
    articles++;
  }
  const generated = (title: string, count: number): string => {
    const body: string[] = [];
    for (let p = 0; p < count; p++) {
      const sentences: string[] = [];
      for (let s = randInt(random, 2, 6); s > 0; s--) sentences.push(pool[Math.floor(random() * pool.length)]!);
      body.push(sentences.join(' '));
    }
    paragraphs += count;
    articles++;
    return articleFile(title, body);
  };
  for (let n = 1; n * 10 <= spec.libraryParagraphs; n++) await write(path.join(library, `library-${String(n).padStart(5, '0')}.md`), generated(`Library ${n}`, 10));
  for (const [k, server] of serverIds(spec.servers).entries()) {
    const shelf = serverArticlesDir(dir, server);
    await mkdir(shelf, { recursive: true });
    const article = asked[k % asked.length]!;
    const contexts = article.paragraphs.map((p) => p.context.replace(/\s+/g, ' ').trim());
    await write(path.join(shelf, `${squadArticleId(article.title)}.md`), articleFile(article.title.replace(/_/g, ' '), contexts));
    paragraphs += contexts.length;
    articles++;
    for (let a = 1; a < spec.perServer; a++) await write(path.join(shelf, `story-${a}.md`), generated(`Server story ${a}`, 10));
  }
  await Promise.all(pending);
  await writeFile(marker, JSON.stringify({ paragraphs, articles }));
  return { paragraphs, articles, reused: false };
}

/** A benchmark question asked in one server, about that server's own copy of its SQuAD article. */
export interface ServerQuestion extends BenchQuestion {
  server: string;
}

/**
 * The questions, each asked from a server (chosen by the seed) that holds the article it is about; the
 * gold paragraph is that server's own copy.
 */
export function serverQuestions(asked: SquadArticle[], servers: number, seed: number, count: number): ServerQuestion[] {
  const random = mulberry32(seed ^ 0x5e5);
  const ids = serverIds(servers);
  const all = asked.flatMap((article, a) => {
    const holders = ids.filter((_, k) => k % asked.length === a);
    if (holders.length === 0) return [];
    const articleId = squadArticleId(article.title);
    return article.paragraphs.flatMap((p, i) =>
      p.qas.map((qa) => {
        const server = holders[Math.floor(random() * holders.length)]!;
        return { id: qa.id, question: qa.question, answers: qa.answers.map((x) => x.text), server, paragraphId: `${server}/${articleId}#p${i + 1}` };
      }),
    );
  });
  return shuffled(all, mulberry32(seed)).slice(0, count);
}

function articleFile(title: string, blocks: string[]): string {
  return `---\ntitle: ${title.replace(/\s+/g, ' ').slice(0, 200)}\nsource: benchmark\nlanguage: en\n---\n\n${blocks.join('\n\n')}\n`;
}
