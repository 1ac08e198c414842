import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/corpus/parseArticle.js';
import { articleAliases } from '../../src/qa/aliases.js';
import { analyzeQuestion } from '../../src/qa/analyzeQuestion.js';
import { analyseSentence, answerCandidates, splitsWord } from '../../src/qa/candidates.js';
import { candidateFeatures, FEATURE_FAMILIES, questionContext, spanAtoms } from '../../src/qa/features.js';
import { atom, mix } from '../../src/qa/hashing.js';
import { relatedTerms } from '../../src/qa/related.js';
import { nounClasses } from '../../src/qa/senses.js';
import { wordVectors } from '../../src/qa/vectors.js';
import { questionCandidates } from '../../src/qa/questionCandidates.js';
import { retrieveSentences } from '../../src/qa/retrieve.js';
import { buildIndex } from '../../src/index/buildIndex.js';
import { buildCorpus } from '../../src/corpus/loadCorpus.js';

const texts = (spans: Array<{ text: string }>) => spans.map((s) => s.text);

function mustParse(text: string) {
  const parsed = parseArticle('a', text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.article;
}

describe('candidates for any question', () => {
  const s = analyseSentence('Heaptalk, Jakarta — Indonesian Minister of Industry Agus Gumiwang Kartasasmita met Ken Saito in Tokyo on June 21, when 99 cars per 1,000 people owned one.');
  const spans = answerCandidates(s, new Set(['agus']));

  it('GIVEN a news sentence THEN every kind is offered, each span with the kinds that proposed it', () => {
    const byText = new Map(spans.map((c) => [c.text, c.kinds]));
    expect(byText.get('Tokyo')).toContain('name');
    expect(byText.get('June 21')).toContain('date');
    expect(byText.get('99 cars per 1,000 people')).toContain('ratio');
    expect(byText.get('Agus Gumiwang Kartasasmita')).toContain('person');
    expect(byText.get('Ken Saito')).toEqual(expect.arrayContaining(['name']));
  });

  it('GIVEN a dateline THEN no span is taken from it, and no span cuts a word', () => {
    expect(texts(spans).some((t) => /Heaptalk|Jakarta/.test(t))).toBe(false);
    expect(spans.every((c) => !splitsWord(s.text, c))).toBe(true);
    expect(new Set(spans.map((c) => `${c.start}:${c.end}`)).size).toBe(spans.length);
  });
});

describe('answer features', () => {
  const article = mustParse('---\ntitle: T\n---\n\nThe company bought the Acme Bank (AB) in Paris in 2004.\n\nKen Saito arrived. Later Saito left.\n');
  const index = buildIndex(buildCorpus([article]));

  it('GIVEN the same question and span twice THEN the same hashed features; leaving a family out removes its features', () => {
    const analysis = analyzeQuestion('Where did the company buy the bank?');
    const q = questionContext(analysis);
    const [scored] = retrieveSentences(index, analysis);
    const span = answerCandidates(scored!.analysed, new Set()).find((c) => c.text === 'Paris')!;
    const context = { scored: scored!, sentenceRank: 0, paragraphRank: 0, relativeScore: 1, coverageBehind: 0, paragraphBehind: 0 };
    const atoms = spanAtoms(scored!.analysed, span);
    const a = candidateFeatures(q, context, span, atoms);
    expect(candidateFeatures(q, context, span, atoms)).toEqual(a);
    // "in" before the span, crossed with the question word and focus: the kind of evidence a "where" learns from.
    expect(a.hashes).toContain(mix(atom('p1=in'), q.whFocus));
    const without = candidateFeatures(q, context, span, atoms, new Set(FEATURE_FAMILIES.filter((f) => f !== 'typeMatch')));
    expect(without.hashes.length).toBeLessThan(a.hashes.length);
    expect(without.hashes).not.toContain(mix(atom('p1=in'), q.whFocus));
  });

  it('GIVEN a question in other words THEN the related word is found and counts toward coverage, less than the word itself', () => {
    const analysis = analyzeQuestion('When did the company purchase the bank?');
    const plain = retrieveSentences(index, analysis)[0]!;
    const related = retrieveSentences(index, analysis, { related: relatedTerms() })[0]!;
    expect(plain.related).toEqual([]);
    expect(related.related.map((i) => related.analysed.tokens[i]!.text)).toContain('bought');
    expect(related.sentenceCoverage).toBeGreaterThan(plain.sentenceCoverage);
    expect(related.sentenceCoverage).toBeLessThan(1);
  });

  it('GIVEN an article that spells out an acronym and shortens a name THEN those are its aliases, both ways', () => {
    const aliases = articleAliases(article);
    expect(aliases.get('ab')).toEqual(expect.arrayContaining(['acm', 'bank']));
    expect(aliases.get('bank')).toContain('ab');
    expect(aliases.get('saito')).toContain('ken');
  });

  it('GIVEN two sentences that say where in different words but the same parts of speech THEN the span shares its path feature, not its word feature', () => {
    const own = buildIndex(buildCorpus([mustParse('---\ntitle: T\n---\n\nThe baker lived in Paris.\n\nThe painter worked at Lyon.\n')]));
    const featuresOf = (question: string, text: string) => {
      const analysis = analyzeQuestion(question);
      const q = questionContext(analysis);
      const [scored] = retrieveSentences(own, analysis);
      const span = answerCandidates(scored!.analysed, new Set()).find((c) => c.text === text)!;
      const context = { scored: scored!, sentenceRank: 0, paragraphRank: 0, relativeScore: 1, coverageBehind: 0, paragraphBehind: 0 };
      return { q, hashes: candidateFeatures(q, context, span, spanAtoms(scored!.analysed, span), new Set(['alignment'])).hashes };
    };
    const paris = featuresOf('Where did the baker live?', 'Paris');
    const lyon = featuresOf('Where did the painter work?', 'Lyon');
    // The question word just before the span, the preposition between, the name: "verb prep proper" both times.
    const path = mix(atom('tL=verb prep proper'), paris.q.wh);
    expect(paris.hashes).toContain(path);
    expect(lyon.hashes).toContain(path);
    // The words between differ ("in", "at"), and so does that feature.
    expect(paris.hashes).toContain(mix(atom('bL=in'), paris.q.qt));
    expect(lyon.hashes).not.toContain(mix(atom('bL=in'), lyon.q.qt));
  });

  it('GIVEN a span that swallows the words the question asks about THEN its features say so, unlike a span beside them', () => {
    const analysis = analyzeQuestion('Where did the company buy the bank?');
    const q = questionContext(analysis);
    const [scored] = retrieveSentences(index, analysis);
    const context = { scored: scored!, sentenceRank: 0, paragraphRank: 0, relativeScore: 1, coverageBehind: 0, paragraphBehind: 0 };
    const spans = answerCandidates(scored!.analysed, new Set());
    const featuresOf = (text: string) => {
      const span = spans.find((c) => c.text === text)!;
      return candidateFeatures(q, context, span, spanAtoms(scored!.analysed, span), new Set(['overlap'])).hashes;
    };
    expect(featuresOf('Paris')).toContain(atom('swallowed=none'));
    expect(featuresOf('the Acme Bank')).toContain(atom('swallowed=some'));
  });

  it('GIVEN a question\'s focus noun and a span\'s head noun THEN their WordNet classes are features, and meeting in one class is one more', () => {
    const classes = nounClasses();
    expect([classes.get('guitar'), classes.get('year'), classes.get('citi')]).toEqual(['artifact', 'time', 'location']);
    expect(nounClasses('/no/such/file.json').size).toBe(0);
    const analysis = analyzeQuestion('In what city did the company buy the bank?');
    const q = questionContext(analysis);
    const [scored] = retrieveSentences(index, analysis);
    const context = { scored: scored!, sentenceRank: 0, paragraphRank: 0, relativeScore: 1, coverageBehind: 0, paragraphBehind: 0 };
    const paris = answerCandidates(scored!.analysed, new Set()).find((c) => c.text === 'Paris')!;
    const features = candidateFeatures(q, context, paris, spanAtoms(scored!.analysed, paris), new Set(['sense'])).hashes;
    expect(features).toContain(atom('hcls=location'));
    expect(features).toContain(atom('head-class=focus-class'));
    // A number is a number whether spelt or in digits (WordNet knows "two", not "2004").
    const year = answerCandidates(scored!.analysed, new Set()).find((c) => c.text === '2004')!;
    expect(candidateFeatures(q, context, year, spanAtoms(scored!.analysed, year), new Set(['sense'])).hashes).toContain(atom('hcls=number'));
  });

  it('GIVEN a sentence that takes up the subject the sentence before it names THEN what it lacks of the question and the one before says is measured', () => {
    const own = buildIndex(buildCorpus([mustParse('---\ntitle: T\n---\n\nThe singer Ada Brook signed with Sony. She released her first album in 2003. Critics praised the label.\n')]));
    const analysis = analyzeQuestion('When did Ada Brook release her first album?');
    const sentences = retrieveSentences(own, analysis);
    const released = sentences.find((s) => s.sentence.text.startsWith('She released'))!;
    const signed = sentences.find((s) => s.sentence.text.startsWith('The singer'))!;
    const praised = sentences.find((s) => s.sentence.text.startsWith('Critics'))!;
    // "Ada" and "Brook" are missing from "She released…" and said in the sentence before it.
    expect(released.previousWeight).toBeGreaterThan(0);
    expect(released.previousWeight).toBeCloseTo(1 - released.sentenceCoverage, 5);
    // The first sentence has none before it; the third lacks "release", "first" and "album", which its predecessor says.
    expect(signed.previousWeight).toBe(0);
    expect(praised.previousWeight).toBeGreaterThan(0);
    const q = questionContext(analysis);
    const context = { scored: released, sentenceRank: 0, paragraphRank: 0, relativeScore: 1, coverageBehind: 0, paragraphBehind: 0 };
    const span = answerCandidates(released.analysed, new Set()).find((c) => c.text === '2003')!;
    const features = candidateFeatures(q, context, span, spanAtoms(released.analysed, span), new Set(['sentenceMatch'])).hashes;
    expect(features).toContain(atom('s-previous'));
    expect(features.some((h) => [0, 1, 2, 3, 4].some((b) => h === mix(atom(`s-previous=${b}`), atom('opens-pronoun'))))).toBe(true);
  });

  it('GIVEN a sentence whose words the sentence after takes up ("… this gap") THEN what it lacks of the question and the one after says is measured', () => {
    const own = buildIndex(buildCorpus([mustParse('---\ntitle: T\n---\n\nAgus named the consumption gap for cars. Japanese products can fill this gap, he said. Rain fell.\n')]));
    const analysis = analyzeQuestion('What gap can Japanese products fill?');
    const sentences = retrieveSentences(own, analysis);
    const named = sentences.find((s) => s.sentence.text.startsWith('Agus named'))!;
    const fill = sentences.find((s) => s.sentence.text.startsWith('Japanese products'))!;
    const rain = sentences.find((s) => s.sentence.text.startsWith('Rain'))!;
    // "Japanese", "products" and "fill" are missing from the first sentence and said in the one after it.
    expect(named.nextWeight).toBeGreaterThan(0);
    expect(named.nextWeight).toBeCloseTo(1 - named.sentenceCoverage, 5);
    // The second lacks nothing; the last has none after it.
    expect(fill.nextWeight).toBe(0);
    expect(rain.nextWeight).toBe(0);
    const q = questionContext(analysis);
    const context = { scored: named, sentenceRank: 1, paragraphRank: 0, relativeScore: 0.8, coverageBehind: 0.5, paragraphBehind: 0 };
    const span = answerCandidates(named.analysed, new Set()).find((c) => c.text.includes('consumption gap'))!;
    const features = candidateFeatures(q, context, span, spanAtoms(named.analysed, span), new Set(['sentenceMatch'])).hashes;
    expect(features).toContain(atom('s-next'));
  });

  it('GIVEN two sentences of one question THEN the sentence features say which says its words in order and which lacks its weightiest word', () => {
    const own = buildIndex(buildCorpus([mustParse('---\ntitle: T\n---\n\nThe central bank raised interest rates in March. Rates and banks were central to the vote.\n')]));
    const analysis = analyzeQuestion('When did the central bank raise interest rates?');
    const q = questionContext(analysis);
    const sentences = retrieveSentences(own, analysis);
    const inOrder = sentences.find((s) => s.sentence.text.startsWith('The central bank'))!;
    const scattered = sentences.find((s) => s.sentence.text.startsWith('Rates'))!;
    expect(inOrder.missingWeight).toBe(0);
    expect(scattered.missingWeight).toBeGreaterThan(0);
    const best = Math.max(inOrder.sentenceCoverage, scattered.sentenceCoverage);
    const featuresOf = (scored: typeof inOrder) => {
      const context = { scored, sentenceRank: 0, paragraphRank: 0, relativeScore: 1, coverageBehind: best - scored.sentenceCoverage, paragraphBehind: 0 };
      const span = answerCandidates(scored.analysed, new Set())[0]!;
      const list = candidateFeatures(q, context, span, spanAtoms(scored.analysed, span), new Set(['sentenceMatch']));
      return new Map(list.hashes.map((h, i) => [h, list.values[i]!]));
    };
    const ordered = featuresOf(inOrder);
    const loose = featuresOf(scattered);
    expect(ordered.get(atom('s-bigrams'))).toBeGreaterThan(loose.get(atom('s-bigrams'))!);
    expect(ordered.has(atom('s-behind=0'))).toBe(true);
    expect(loose.has(atom('s-behind=0'))).toBe(false);
    expect(loose.get(atom('s-missing'))).toBeCloseTo(scattered.missingWeight);
    // The paragraph says every word; the candidates' contexts measure each sentence against the best one read.
    expect(inOrder.paragraphMissingWeight).toBe(0);
    const contexts = questionCandidates(q, sentences, 10).map((c) => c.sentence);
    expect(contexts.find((c) => c.scored === inOrder)!.coverageBehind).toBe(0);
    expect(contexts.find((c) => c.scored === scattered)!.coverageBehind).toBeCloseTo(inOrder.sentenceCoverage - scattered.sentenceCoverage);
    expect(contexts.every((c) => c.paragraphBehind === 0)).toBe(true);
  });

  it('GIVEN a question word the sentence says only in a word used alike THEN the word vectors find it, and where it stands beside the span', () => {
    const own = buildIndex(buildCorpus([mustParse('---\ntitle: T\n---\n\nThe firm sold 500 vehicles in May. Its shares rose in June.\n')]));
    const analysis = analyzeQuestion('How many cars did the firm sell?');
    const related = relatedTerms();
    // Not WordNet's: "vehicle" is a kind above "car", not a synonym, so only the vectors can bridge them.
    expect(related.get('car') ?? []).not.toContain('vehicl');
    const sentences = retrieveSentences(own, analysis, { related });
    const sold = sentences.find((s) => s.sentence.text.startsWith('The firm'))!;
    expect(sold.lacking.map((t) => t.word)).toEqual(['cars']);
    expect(sold.lacking[0]!.share).toBeCloseTo(1 - sold.sentenceCoverage, 5);
    const q = questionContext(analysis);
    const featuresOf = (scored: typeof sold, text: string) => {
      const context = { scored, sentenceRank: 0, paragraphRank: 0, relativeScore: 1, coverageBehind: 0, paragraphBehind: 0 };
      const span = answerCandidates(scored.analysed, new Set()).find((c) => c.text === text)!;
      const list = candidateFeatures(q, context, span, spanAtoms(scored.analysed, span), new Set(['vectors']));
      return new Map(list.hashes.map((h, i) => [h, list.values[i]!]));
    };
    const vectors = wordVectors();
    const closeness = vectors.similarity(vectors.rowOf('cars'), vectors.rowOf('vehicles'));
    expect(closeness).toBeGreaterThan(0.8);
    const number = featuresOf(sold, '500');
    expect(number.get(atom('soft'))).toBeCloseTo(sold.lacking[0]!.share * closeness, 5);
    // "vehicles" is the next word after "500": the span sits right beside the word standing in for "cars".
    expect(number.has(atom('soft-near=1'))).toBe(true);
    expect(featuresOf(sold, 'May').has(atom('soft-near=2-3'))).toBe(true);
    // A sentence that lacks nothing adds no vector features.
    const full = retrieveSentences(own, analyzeQuestion('How many vehicles did the firm sell?'), { related })[0]!;
    expect(full.lacking).toEqual([]);
    expect(featuresOf(full, '500').size).toBe(0);
  });

  it('GIVEN a name or nationality THEN the vectors do not stand one in for another, whichever side capitalises it', () => {
    const own = buildIndex(buildCorpus([mustParse('---\ntitle: T\n---\n\nThe Japanese minister Ken Saito spoke on Monday.\n')]));
    const vectors = wordVectors();
    const alike = vectors.similarity(vectors.rowOf('indonesian'), vectors.rowOf('japanese'));
    expect(alike).toBeGreaterThan(0.5);
    for (const question of ['Who is the Indonesian minister?', 'who is the indonesian minister']) {
      const analysis = analyzeQuestion(question);
      const [spoke] = retrieveSentences(own, analysis);
      expect(spoke!.lacking.map((t) => t.word)).toEqual(['indonesian']);
      const context = { scored: spoke!, sentenceRank: 0, paragraphRank: 0, relativeScore: 1, coverageBehind: 0, paragraphBehind: 0 };
      const span = answerCandidates(spoke!.analysed, new Set()).find((c) => c.text === 'Ken Saito')!;
      const list = candidateFeatures(questionContext(analysis), context, span, spanAtoms(spoke!.analysed, span), new Set(['vectors']));
      const soft = list.values[list.hashes.indexOf(atom('soft'))]!;
      expect(soft).toBeLessThan(alike * spoke!.lacking[0]!.share);
    }
    expect(analyzeQuestion('Who is the Indonesian minister?').terms.find((t) => t.key === 'indonesian')?.capitalised).toBe(true);
  });

  it('GIVEN the committed word vectors THEN words used alike are closer than words that are not, and a broken table is an empty one', () => {
    const vectors = wordVectors();
    expect(vectors.size).toBe(40000);
    const near = (a: string, b: string) => vectors.similarity(vectors.rowOf(a), vectors.rowOf(b));
    expect(near('bought', 'purchased')).toBeGreaterThan(near('bought', 'river'));
    expect(near('delayed', 'postponed')).toBeGreaterThan(near('delayed', 'orange'));
    expect(near('city', 'town')).toBeCloseTo(near('town', 'city'), 10);
    expect(near('city', 'city')).toBe(1);
    expect(vectors.rowOf('kartasasmita')).toBe(-1);
    expect(near('kartasasmita', 'city')).toBe(0);
    expect(wordVectors('/no/such/file.json').size).toBe(0);
    // Half written, or rows that do not add up to the words listed: no vectors, no stop.
    const dir = mkdtempSync(path.join(tmpdir(), 'vectors-'));
    const whole = JSON.stringify({ dimensions: 2, words: ['a', 'b'], vectors: Buffer.from([127, 0, 0, 127]).toString('base64') });
    writeFileSync(path.join(dir, 'whole.json'), whole);
    writeFileSync(path.join(dir, 'half.json'), whole.slice(0, whole.length / 2));
    writeFileSync(path.join(dir, 'short.json'), JSON.stringify({ dimensions: 2, words: ['a', 'b'], vectors: Buffer.from([127, 0, 0]).toString('base64') }));
    const small = wordVectors(path.join(dir, 'whole.json'));
    expect(small.size).toBe(2);
    expect(small.similarity(small.rowOf('a'), small.rowOf('b'))).toBe(0);
    expect(small.similarity(small.rowOf('a'), small.rowOf('a'))).toBe(1);
    expect(wordVectors(path.join(dir, 'half.json')).size).toBe(0);
    expect(wordVectors(path.join(dir, 'short.json')).size).toBe(0);
    rmSync(dir, { recursive: true });
  });

  it('GIVEN the committed related-word table THEN it holds WordNet synonyms and derivations as term keys', () => {
    const related = relatedTerms();
    expect(related.get('buy')).toContain('purchas');
    expect(related.get('leader')).toContain('lead');
    expect(relatedTerms('/no/such/file.json').size).toBe(0);
  });
});
