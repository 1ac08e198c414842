import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { buildCorpus } from '../corpus/loadCorpus.js';
import { articleIdFromFileName, parseArticle } from '../corpus/parseArticle.js';
import type { Article } from '../corpus/types.js';
import { buildIndex, type SearchIndex } from '../index/buildIndex.js';

/** The SQuAD v1.1 file format (Rajpurkar et al. 2016): articles, their paragraphs, and questions with human answers. */
export const squadSchema = z.object({
  version: z.string().optional(),
  data: z.array(
    z.object({
      title: z.string().min(1),
      paragraphs: z.array(
        z.object({
          context: z.string().min(1),
          qas: z.array(
            z.object({
              id: z.string().min(1),
              question: z.string(),
              answers: z.array(z.object({ text: z.string(), answer_start: z.number().int().optional() })),
            }),
          ),
        }),
      ),
    }),
  ),
});

export type SquadDataset = z.infer<typeof squadSchema>;
export type SquadArticle = SquadDataset['data'][number];

export interface SquadQuestion {
  id: string;
  question: string;
  /** The human answers' texts (possibly repeated, as in the file). */
  answers: string[];
  /** 0-based index of the article in the file, and of the paragraph (the one its answer is in) in the article. */
  article: number;
  paragraph: number;
}

export type ReadResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Reads and validates a SQuAD v1.1 file; a bad file is a value that names the file and the first problem. */
export async function readSquad(file: string): Promise<ReadResult<SquadDataset>> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, message: `${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error)}` };
  }
  return parseSquad(raw, file);
}

export function parseSquad(raw: string, file = 'SQuAD file'): ReadResult<SquadDataset> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return { ok: false, message: `${file}: not JSON (${(error as Error).message})` };
  }
  const parsed = squadSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, message: `${file}: not a SQuAD v1.1 file: at ${issue.path.join('.') || 'top level'}: ${issue.message}` };
  }
  return { ok: true, value: parsed.data };
}

/** Every question of the file in order, with its answers and article. */
export function squadQuestions(dataset: SquadDataset): SquadQuestion[] {
  return dataset.data.flatMap((article, a) =>
    article.paragraphs.flatMap((p, paragraph) => p.qas.map((q) => ({ id: q.id, question: q.question, answers: q.answers.map((x) => x.text), article: a, paragraph }))),
  );
}

/** A SQuAD title as people write it: "Jacksonville,_Florida" → "Jacksonville, Florida". */
export function squadTitle(title: string): string {
  return title.replace(/_/g, ' ').trim();
}

/**
 * A SQuAD article as the text of one of our article files: front matter with its title, then each
 * paragraph on one line (its whitespace collapsed), separated by blank lines. Parsing this text is how an
 * evaluation article enters the same corpus code as the bot's own articles.
 */
export function squadArticleText(article: SquadArticle): string {
  const title = squadTitle(article.title).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  const paragraphs = article.paragraphs.map((p) => p.context.replace(/\s+/g, ' ').trim());
  return `---\ntitle: "${title}"\nsource: SQuAD v1.1 (CC BY-SA 4.0)\n---\n\n${paragraphs.join('\n\n')}\n`;
}

/** Parses a SQuAD article through `parseArticle`, checking that every paragraph came through as one passage. */
export function squadArticle(article: SquadArticle): ReadResult<Article> {
  const id = articleIdFromFileName(article.title);
  const parsed = parseArticle(id, squadArticleText(article));
  if (!parsed.ok) return { ok: false, message: `article "${article.title}": ${parsed.message}` };
  if (parsed.article.paragraphs.length !== article.paragraphs.length) {
    return { ok: false, message: `article "${article.title}": ${article.paragraphs.length} paragraphs became ${parsed.article.paragraphs.length} passages` };
  }
  return { ok: true, value: parsed.article };
}

/** The index of one SQuAD article alone, built by the same `buildCorpus` and `buildIndex` as the bot's. */
export function squadIndex(article: SquadArticle): ReadResult<SearchIndex> {
  const parsed = squadArticle(article);
  if (!parsed.ok) return parsed;
  return { ok: true, value: buildIndex(buildCorpus([parsed.value])) };
}
