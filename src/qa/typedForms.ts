/**
 * Questions as people type them in a chat, read as the written English the answer model learned from
 * (SQuAD's questions are edited prose: 0.4% of its 87,599 training questions run a question word and its
 * "is" together, almost none use chat spellings). General English usage, nothing about any article.
 */

/**
 * A question word with its verb run together, with or without the apostrophe: "whats", "what's", "who's",
 * "wheres" ask "what is", "who is", "where is"; "what'd", "whatd" ask "what did"; "what're" asks "what are".
 */
const CONTRACTED_QUESTION_WORD = /^(what|who|where|when|how|why)(?:['’]?(s|d|re))$/i;
const CONTRACTED_VERB: Record<string, string> = { s: 'is', d: 'did', re: 'are' };

/** "didnt", "isnt": a negated auxiliary typed without its apostrophe (with it, the tokens already read "did" and "not"). */
const NEGATED_AUXILIARY = /^(did|does|do|is|are|was|were|has|have|had|could|would|should)nt$/i;

/**
 * Common chat spellings of common words. Case does not matter for these: "Ppl", "GONNA" are the same
 * words. Single letters (and "ur") are in `LOWERCASE_ONLY`: a capital "R" or "U" may be a name or a letter meant.
 */
const CHAT_SPELLINGS: Record<string, string> = {
  ppl: 'people', wht: 'what', wat: 'what', wut: 'what', whn: 'when', bc: 'because', cuz: 'because', coz: 'because',
  bcuz: 'because', b4: 'before', abt: 'about', bout: 'about', govt: 'government', thru: 'through', tho: 'though',
  gonna: 'going to', wanna: 'want to', gotta: 'got to', yr: 'year', yrs: 'years', hrs: 'hours', mins: 'minutes',
  approx: 'approximately', pls: 'please', plz: 'please', cant: 'cannot', wont: 'will not', dont: 'do not',
  'w/': 'with', 'w/o': 'without', thx: 'thanks', rn: 'now',
};
const LOWERCASE_ONLY: Record<string, string> = { u: 'you', ur: 'your', r: 'are', y: 'why', w: 'with' };

/** Punctuation typed after a word ("ppl?"): kept after the word written out. */
const TRAILING = new Set(['?', '!', '.', ',', ';', ':']);

/**
 * The question with its chat forms written out: "whats the goal for cars per 1000 ppl" → "what is the goal
 * for cars per 1000 people". Only whole words change ("u/19", a quoted "r" and "R&D" stay as typed), and
 * a word written out keeps the capital it was typed with.
 */
export function writtenOut(question: string): string {
  return question.replace(/\S+/g, (token) => {
    let end = token.length;
    while (end > 0 && TRAILING.has(token[end - 1]!)) end--;
    const word = token.slice(0, end);
    const written = writtenWord(word);
    return written === undefined ? token : withCapitalOf(word, written) + token.slice(end);
  });
}

function writtenWord(word: string): string | undefined {
  const contracted = CONTRACTED_QUESTION_WORD.exec(word);
  if (contracted) return `${contracted[1]!.toLowerCase()} ${CONTRACTED_VERB[contracted[2]!.toLowerCase()]}`;
  const negated = NEGATED_AUXILIARY.exec(word);
  if (negated) return `${negated[1]!.toLowerCase()} not`;
  return LOWERCASE_ONLY[word] ?? CHAT_SPELLINGS[word.toLowerCase()];
}

function withCapitalOf(typed: string, written: string): string {
  return /^\p{Lu}/u.test(typed) ? written[0]!.toUpperCase() + written.slice(1) : written;
}
