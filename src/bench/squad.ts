import { readFileSync } from 'node:fs';
import { articleIdFromFileName } from '../corpus/parseArticle.js';

/** One SQuAD article: its title and paragraphs, each with questions and accepted answers. */
export interface SquadArticle {
  title: string;
  paragraphs: Array<{ context: string; qas: Array<{ id: string; question: string; answers: Array<{ text: string }> }> }>;
}

/** A benchmark question: the question, accepted answers, and the id of the paragraph it was written about. */
export interface BenchQuestion {
  id: string;
  question: string;
  answers: string[];
  paragraphId: string;
}

export function readSquad(file: string): SquadArticle[] {
  const json = JSON.parse(readFileSync(file, 'utf8')) as { data: SquadArticle[] };
  return json.data;
}

/**
 * SQuAD is split by article: even-numbered articles are the "real" articles the questions are about
 * (written to the corpus verbatim), odd-numbered ones only lend their sentences to the generated
 * background paragraphs, so the paragraph a question was written about stays unique in every corpus.
 */
export function splitSquad(articles: SquadArticle[]): { asked: SquadArticle[]; background: SquadArticle[] } {
  return { asked: articles.filter((_, i) => i % 2 === 0), background: articles.filter((_, i) => i % 2 === 1) };
}

/** The article id (file name) a SQuAD article is written under. */
export function squadArticleId(title: string): string {
  return articleIdFromFileName(`squad-${title}`);
}

export function squadQuestions(asked: SquadArticle[]): BenchQuestion[] {
  return asked.flatMap((article) => {
    const articleId = squadArticleId(article.title);
    return article.paragraphs.flatMap((p, i) =>
      p.qas.map((qa) => ({ id: qa.id, question: qa.question, answers: qa.answers.map((a) => a.text), paragraphId: `${articleId}#p${i + 1}` })),
    );
  });
}
