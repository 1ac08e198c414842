import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArticle } from '../corpus/parseArticle.js';
import { splitSentences } from '../corpus/sentences.js';
import { mulberry32, randInt } from './random.js';
import { squadArticleId, type SquadArticle } from './squad.js';

/** How a benchmark corpus is made; the same spec always gives byte-identical files. */
export interface CorpusSpec {
  /** Total paragraphs, real ones included. */
  paragraphs: number;
  seed: number;
  /** Paragraphs per generated article. */
  perArticle?: number;
}

const PER_ARTICLE = 10;

/**
 * Writes a benchmark corpus as real article files under `dir/articles/`, so the real loader and parser
 * are exercised: the SQuAD articles the questions are about, verbatim, then generated articles whose
 * paragraphs are 2–6 sentences drawn at random from the background pool (other SQuAD articles and the
 * bundled article). Real sentences give real English word statistics (Zipfian frequencies, real
 * sentence lengths, names, numbers and dates); recombining them gives as many paragraphs as asked.
 * A `.complete` marker lets a later run reuse the folder.
 */
export async function writeCorpus(dir: string, spec: CorpusSpec, asked: SquadArticle[], backgroundSentences: string[]): Promise<{ paragraphs: number; articles: number; reused: boolean }> {
  const marker = path.join(dir, '.complete');
  if (existsSync(marker)) {
    const info = JSON.parse(await readFile(marker, 'utf8')) as { paragraphs: number; articles: number };
    return { ...info, reused: true };
  }
  await rm(dir, { recursive: true, force: true });
  const articlesDir = path.join(dir, 'articles');
  await mkdir(articlesDir, { recursive: true });
  const random = mulberry32(spec.seed);
  let paragraphs = 0;
  let articles = 0;
  const pending: Array<Promise<void>> = [];
  const write = async (name: string, text: string) => {
    pending.push(writeFile(path.join(articlesDir, name), text));
    if (pending.length >= 64) await Promise.all(pending.splice(0));
  };
  for (const article of asked) {
    if (paragraphs >= spec.paragraphs) break;
    const contexts = article.paragraphs.map((p) => p.context.replace(/\s+/g, ' ').trim());
    await write(`${squadArticleId(article.title)}.md`, articleFile(article.title.replace(/_/g, ' '), contexts));
    paragraphs += contexts.length;
    articles++;
  }
  const perArticle = spec.perArticle ?? PER_ARTICLE;
  for (let n = 1; paragraphs < spec.paragraphs; n++) {
    const count = Math.min(perArticle, spec.paragraphs - paragraphs);
    const body: string[] = [];
    for (let p = 0; p < count; p++) {
      const sentences: string[] = [];
      for (let s = randInt(random, 2, 6); s > 0; s--) sentences.push(backgroundSentences[Math.floor(random() * backgroundSentences.length)]!);
      // Every fifth paragraph opens a section, so headings are indexed too.
      if (p > 0 && p % 5 === 0) body.push(`# ${headline(backgroundSentences[Math.floor(random() * backgroundSentences.length)]!)}`);
      body.push(sentences.join(' '));
    }
    await write(`archive-${String(n).padStart(6, '0')}.md`, articleFile(`Archive ${n}: ${headline(body[0]!)}`, body));
    paragraphs += count;
    articles++;
  }
  await Promise.all(pending);
  await writeFile(marker, JSON.stringify({ paragraphs, articles }));
  return { paragraphs, articles, reused: false };
}

function articleFile(title: string, blocks: string[]): string {
  return `---\ntitle: ${title.replace(/\s+/g, ' ').slice(0, 200)}\nsource: benchmark\nlanguage: en\n---\n\n${blocks.join('\n\n')}\n`;
}

/** The first few words of a sentence, as a headline. */
function headline(sentence: string): string {
  return sentence.replace(/[^\p{L}\p{N}\s'-]/gu, ' ').split(/\s+/).filter(Boolean).slice(0, 6).join(' ') || 'News';
}

/** The background sentence pool: every sentence of the background SQuAD articles and of the bundled articles. */
export async function backgroundSentences(background: SquadArticle[], bundledArticlesDir: string): Promise<string[]> {
  const pool: string[] = [];
  for (const article of background) {
    for (const p of article.paragraphs) for (const s of splitSentences(p.context.replace(/\s+/g, ' ').trim())) pool.push(s.text);
  }
  let names: string[] = [];
  try {
    names = (await readdir(bundledArticlesDir)).filter((n) => n.endsWith('.md')).sort();
  } catch {
    // No bundled articles: SQuAD alone is enough.
  }
  for (const name of names) {
    const parsed = parseArticle(name.replace(/\.md$/, ''), await readFile(path.join(bundledArticlesDir, name), 'utf8'));
    if (parsed.ok) for (const p of parsed.article.paragraphs) for (const s of p.sentences) pool.push(s.text);
  }
  return pool.filter((s) => s.length >= 20 && !s.startsWith('#'));
}
