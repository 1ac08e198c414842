import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const BUNDLED = 'data/articles/indonesia-japan-automotive.md';

export function articleText(title: string, paragraphs: string[]): string {
  return `---\ntitle: ${title}\n---\n\n${paragraphs.join('\n\n')}\n`;
}

/** A temp data folder with the bundled article and two small ones. */
export async function makeDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'article-qa-test-'));
  await mkdir(path.join(dir, 'articles'));
  await copyFile(BUNDLED, path.join(dir, 'articles', 'indonesia-japan-automotive.md'));
  await writeFile(path.join(dir, 'articles', 'harbour.md'), articleText('Harbour reopens', [
    'The harbour of Port Amsel reopened on March 3, 2024 after a storm closed it for nine days.',
    '# Repairs',
    'Engineer Mara Lindqvist said the breakwater needed 4,000 tonnes of new stone.',
  ]));
  await writeFile(path.join(dir, 'articles', 'library.md'), articleText('City library expands', [
    'The city library opened a new wing with 120,000 books in October.',
    'Mayor Tomas Berg said the wing cost 3 million euros.',
  ]));
  return dir;
}

export const QUESTIONS = [
  'Who met whom?',
  'Where did the meeting take place?',
  'What is the ratio of four-wheeled vehicle ownership in Indonesia?',
  'When did the harbour reopen?',
  'How much stone did the breakwater need?',
  'How many books does the new wing hold?',
  'Who is the mayor?',
];
