/**
 * Small closed-class word lists that the question analyser and span extractors use. General English,
 * nothing about any one article.
 */

/** The articles: "what is *the* X", and the one function word a trimmed span may keep at its front ("*a* plan for …"). */
export const ARTICLES = new Set(['the', 'a', 'an']);

/** Auxiliary and modal verbs: they frame a question ("did", "will") and carry a sentence's tense. */
export const AUXILIARIES = new Set(['do', 'does', 'did', 'is', 'are', 'was', 'were', 'will', 'would', 'can', 'could', 'has', 'have', 'had', 'should', 'shall', 'may', 'might', 'must', 'be', 'been']);

/** Verbs of saying: news rephrases them freely (said/stated/noted/cited), so they weigh little in a question. */
export const REPORTING_VERBS = new Set(
  `say said says state stated states tell told note noted cite cited mention mentioned report reported explain explained
  add added conclude concluded convey conveyed acknowledge acknowledged claim claimed announce announced describe described
  write wrote written argue argued comment commented remark remarked declare declared quote quoted`.split(/\s+/).filter(Boolean),
);

/** Words that name a role, not a person: they are stripped from the front of a name ("Minister … Ken Saito"). */
export const ROLE_WORDS = new Set(
  `minister president vice secretary chairman chairwoman chair ceo cfo coo cto director governor ambassador king queen prince
  princess emperor empress senator mayor chief head spokesperson spokesman spokeswoman professor prof dr mr mrs ms sir lord
  lady general gen colonel captain commander judge justice pope bishop premier chancellor deputy representative rep
  sen gov officer manager founder leader coach author editor lieutenant sergeant admiral commissioner treasurer minister's
  prime`.split(/\s+/).filter(Boolean),
);

/** Words that may sit inside a proper name without being capitalised ("Bank of England", "Leonardo da Vinci"). */
export const NAME_CONNECTORS = new Set(['of', 'de', 'da', 'del', 'der', 'van', 'von', 'bin', 'al', 'la', 'le', 'du', 'and', '&']);

export const MONTHS = `january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec`.split(/\s+/);

export const WEEKDAYS = 'monday tuesday wednesday thursday friday saturday sunday'.split(' ');

export const NUMBER_WORDS = new Set(
  `one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen
  nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion trillion dozen dozens
  hundreds thousands millions billions half quarter third`.split(/\s+/).filter(Boolean),
);

/** Nouns that, after "what"/"which", ask for a time. */
export const TIME_NOUNS = new Set(['year', 'date', 'day', 'month', 'time', 'century', 'decade', 'era', 'period', 'season', 'week', 'hour']);

/** Nouns that, after "what"/"which", ask for a place. */
export const PLACE_NOUNS = new Set(
  ['country', 'city', 'place', 'location', 'state', 'region', 'town', 'continent', 'nation', 'capital', 'province', 'area', 'island', 'venue', 'site'],
);

/** Nouns that, after "what"/"which", ask for a person or organisation. */
export const AGENT_NOUNS = new Set(
  ['person', 'man', 'woman', 'people', 'company', 'organization', 'organisation', 'minister', 'ministry', 'team', 'group', 'party', 'firm', 'agency', 'official', 'leader', 'president', 'player', 'author', 'university', 'government'],
);

/** Nouns that ask for a quantity. */
export const QUANTITY_NOUNS = new Set(['number', 'amount', 'population', 'price', 'cost', 'total', 'size', 'count', 'sum', 'age', 'figure']);
export const RATIO_NOUNS = new Set(['ratio', 'rate', 'proportion']);
export const PERCENT_NOUNS = new Set(['percentage', 'percent', 'share', 'fraction']);

/** Words that open a clause; a phrase answer stops before them. */
export const CLAUSE_OPENERS = new Set(
  ['that', 'which', 'who', 'whom', 'whose', 'because', 'while', 'when', 'where', 'if', 'although', 'though', 'but', 'since', 'whereas', 'unless', 'after', 'before'],
);

/** Subject pronouns: a sentence that starts with one continues the previous sentence's subject. */
export const PRONOUNS = new Set(['he', 'she', 'they', 'it', 'we', 'i', 'you', 'his', 'her', 'their', 'its', 'him', 'them']);

/**
 * Words a sentence opens on when it takes up something the sentence before named ("She released…", "It
 * was…", "There he…"): the third-person ones of `PRONOUNS` and the demonstratives, not "I", "we" or "you",
 * which point at the speaker rather than back. The answer model's features were trained on this list.
 */
export const PRONOUN_OPENERS = new Set(['he', 'she', 'it', 'they', 'this', 'these', 'his', 'her', 'its', 'their', 'there']);

/** Nouns and verbs that ask for an amount of money: the answer then names a currency. */
export const MONEY_NOUNS = new Set(['price', 'cost', 'revenue', 'salary', 'budget', 'fee', 'wage', 'income', 'gdp', 'profit']);
export const MONEY_VERBS = new Set(['cost', 'costs', 'pay', 'paid', 'spend', 'spent', 'earn', 'earned', 'charge', 'charged', 'worth']);
/** A currency sign or name, in or right after a number. */
export const CURRENCY = /[$€£¥₹]|\b(?:dollars?|euros?|pounds?|yen|yuan|rupiah|rupees?|francs?|pesos?|zloty|złoty|cents?|pence|USD|EUR|GBP|PLN|JPY|IDR)\b/i;
