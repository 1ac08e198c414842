import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from '../../src/corpus/frontMatter.js';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';
import { parseArticle } from '../../src/corpus/parseArticle.js';

const ARTICLE = `---
title: "A test: with a colon"
source: Example News
url: https://example.com/a
published: 2024-06-21
language: en
---

First paragraph. It has two sentences.

# A section

Second paragraph
wraps over two lines.
`;

describe('front matter', () => {
  it('GIVEN valid front matter THEN returns the fields and the body', () => {
    const parsed = parseFrontMatter(ARTICLE);
    expect(parsed.ok && parsed.meta).toEqual({ title: 'A test: with a colon', source: 'Example News', url: 'https://example.com/a', published: '2024-06-21', language: 'en' });
  });

  it.each([
    ['no front matter at all', 'Just text.', /missing front matter/],
    ['no title', '---\nsource: X\n---\nBody.', /field "title" is required/],
    ['an empty title', '---\ntitle:\n---\nBody.', /field "title" is required/],
    ['a bad url', '---\ntitle: T\nurl: javascript:alert(1)\n---\nBody.', /field "url"/],
    ['a line that is not key: value', '---\ntitle: T\nnonsense\n---\nBody.', /line 3 is not "key: value"/],
  ])('GIVEN %s THEN the error names the field or line', (_name, raw, message) => {
    const parsed = parseFrontMatter(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});

describe('parseArticle', () => {
  it('GIVEN paragraphs and a heading THEN gives stable ids, numbers, headings and sentences', () => {
    const parsed = parseArticle('test-article', ARTICLE);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const [p1, p2] = parsed.article.paragraphs;
    expect(parsed.article.paragraphs).toHaveLength(2);
    expect(p1).toMatchObject({ id: 'test-article#p1', number: 1, heading: undefined, text: 'First paragraph. It has two sentences.' });
    expect(p1!.sentences.map((s) => s.id)).toEqual(['test-article#p1.s1', 'test-article#p1.s2']);
    expect(p2).toMatchObject({ id: 'test-article#p2', number: 2, heading: 'A section', text: 'Second paragraph wraps over two lines.' });
    expect(ARTICLE.slice(p1!.start, p1!.end)).toBe(p1!.text);
  });

  it('GIVEN a quotation over several sentences THEN each is a sentence, and the whole is a statement naming the sentences it runs over', () => {
    const parsed = parseArticle('quoted', '---\ntitle: T\n---\n\nHe spoke. “We agree. We will sign,” Agus said. It ended.\n');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const [p1] = parsed.article.paragraphs;
    expect(p1!.sentences.map((s) => s.text)).toEqual(['He spoke.', '“We agree.', 'We will sign,” Agus said.', 'It ended.']);
    expect(p1!.statements).toEqual([
      { id: 'quoted#p1.q1', number: 2, text: '“We agree. We will sign,” Agus said.', start: 10, end: 46, covers: { first: 2, last: 3 } },
    ]);
    expect(p1!.text.slice(p1!.statements[0]!.start, p1!.statements[0]!.end)).toBe(p1!.statements[0]!.text);
  });

  it('GIVEN front matter but no paragraphs THEN it is an error', () => {
    expect(parseArticle('x', '---\ntitle: T\n---\n\n# Only a heading\n')).toEqual({ ok: false, message: 'has no paragraphs after its front matter' });
  });
});

describe('loadCorpus', () => {
  it('GIVEN one broken file among good ones THEN reports it by file and field and loads the others', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'corpus-'));
    await mkdir(path.join(dir, 'articles'));
    await writeFile(path.join(dir, 'articles', 'good.md'), ARTICLE);
    await writeFile(path.join(dir, 'articles', 'broken.md'), '---\nsource: nobody\n---\nText.');
    await writeFile(path.join(dir, 'articles', 'notes.txt'), 'ignored');
    const corpus = await loadCorpus(dir);
    expect(corpus.articles.map((a) => a.id)).toEqual(['good']);
    expect(corpus.errors).toHaveLength(1);
    expect(corpus.errors[0]!.file).toMatch(/broken\.md$/);
    expect(corpus.errors[0]!.message).toMatch(/field "title" is required/);
    expect(corpus.paragraphById.get('good#p2')?.heading).toBe('A section');
  });

  it('GIVEN a missing folder THEN returns an empty corpus with an error, not an exception', async () => {
    const corpus = await loadCorpus(path.join(tmpdir(), 'does-not-exist-' + Date.now()));
    expect(corpus.articles).toEqual([]);
    expect(corpus.errors[0]!.message).toBe('folder does not exist');
  });

  it('GIVEN the bundled data THEN loads the bundled article with six passages', async () => {
    const corpus = await loadCorpus('data');
    expect(corpus.errors).toEqual([]);
    const article = corpus.articleById.get('indonesia-japan-automotive');
    expect(article?.paragraphs).toHaveLength(6);
    expect(article?.paragraphs[3]?.heading).toBe('Indonesia as base for Japanese automotive production');
  });
});
