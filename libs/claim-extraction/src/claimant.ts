import nlp from 'compromise';

// Clauses that open a sentence before its subject: "When asked, ", "Responding to that report, ", "And while …, ",
// "For instance, ". Each alternative ends at the first comma, so a match costs one scan.
const LEADING_CLAUSE =
  /^(?:(?:and|but|yet|so)\s+)?(?:(?:when|after|before|while|as|once|although|though|since|because|if)\s[^,]+|(?:asked|contacted|responding|speaking|writing|referring|commenting|pressed)\b[^,]*|on\s\w+(?:\s\d{1,2})?|in\s[^,]+|earlier[^,]*|later[^,]*|however|meanwhile|separately|previously|for instance|for example|still|instead|again|but|and|yet|so|indeed|also),\s*/i;

const PRONOUNS = new Set(['it', 'he', 'she', 'they', 'we']);
const NOUN_PHRASE_TAGS = ['Noun', 'ProperNoun', 'Determiner', 'Adjective', 'Acronym', 'Possessive', 'Value', 'Pronoun'];
const LINKS = new Set(['of', 'for', 'in', 'at', 'from', 'and', 'to']);

/** Strips the clauses that can precede a sentence's subject. */
export function withoutLeadingClauses(text: string): string {
  let rest = text;
  for (let m = LEADING_CLAUSE.exec(rest); m; m = LEADING_CLAUSE.exec(rest)) rest = rest.slice(m[0].length);
  return rest;
}

/**
 * The noun phrase a clause opens with, by part of speech: "a White House spokesperson
 * expressed concern but" → "a White House spokesperson"; "Farah Dakhlallah, the NATO
 * spokesperson," → the name with its apposition. Returns the phrase and what follows it.
 */
export function leadingNounPhrase(text: string): { phrase: string; rest: string } | null {
  const terms = (
    nlp(text).json({ offset: true, terms: { tags: true, offset: true } }) as Array<{ terms: Term[] }>
  ).flatMap((s) => s.terms);
  let end = 0;
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i];
    const word = t.text.toLowerCase();
    const nounish = t.tags.some((tag) => NOUN_PHRASE_TAGS.includes(tag)) && !t.tags.includes('Verb');
    // "trade data obtained by The Pacific Ledger": a participle with its agent stays in the phrase.
    const linking =
      (LINKS.has(word) && i > 0 && i + 1 < terms.length && isNounish(terms[i + 1])) ||
      (word === 'by' &&
        i > 1 &&
        terms[i - 1].tags.includes('PastTense') &&
        i + 1 < terms.length &&
        isNounish(terms[i + 1])) ||
      (t.tags.includes('PastTense') && i > 0 && terms[i + 1]?.text.toLowerCase() === 'by');
    if (!nounish && !linking) break;
    end = t.offset.start + t.offset.length + t.post.replace(/[^,]/g, '').length;
    if (t.post.includes(',') && !appositionFollows(terms, i + 1)) {
      end = t.offset.start + t.offset.length;
      break;
    }
  }
  const phrase = text.slice(0, end).trim().replace(/,$/, '');
  if (!phrase) return null;
  return { phrase, rest: text.slice(end) };
}

interface Term {
  text: string;
  tags: string[];
  post: string;
  offset: { start: number; length: number };
}

function isNounish(t: Term): boolean {
  return t.tags.some((tag) => NOUN_PHRASE_TAGS.includes(tag)) && !t.tags.includes('Verb');
}

// "Farah Dakhlallah, the NATO spokesperson, said" / "A spokesman, Col. Ivan Petrov, said":
// after a comma, an apposition starts with a determiner, a title or a person's name.
function appositionFollows(terms: Term[], i: number): boolean {
  if (i >= terms.length || PRONOUNS.has(terms[i].text.toLowerCase())) return false;
  return ['Determiner', 'Person', 'Honorific'].some((tag) => terms[i].tags.includes(tag));
}

/** Whether a noun phrase names a person (compromise's person names), so it is a first mention, never a back-reference. */
function namesPerson(phrase: string): boolean {
  let known = PERSON_NAMES.get(phrase);
  if (known === undefined) {
    known = nlp(phrase).people().found;
    if (PERSON_NAMES.size >= 2000) PERSON_NAMES.clear();
    PERSON_NAMES.set(phrase, known);
  }
  return known;
}
const PERSON_NAMES = new Map<string, boolean>();

// "the Reuters news agency" and "the Reuters report" are Reuters.
const OUTLET_DESCRIPTIONS = [
  'news agency',
  'news service',
  'wire service',
  'broadcaster',
  'newspaper',
  'agency',
  'report',
  'reporting',
];

/** "the Reuters news agency" → "Reuters"; null when the phrase is no outlet description. */
function outletOf(phrase: string): string | null {
  const words = phrase.split(/\s/).filter(Boolean);
  if (words.length < 3 || words[0].toLowerCase() !== 'the') return null;
  const lower = words.join(' ').toLowerCase();
  const suffix = OUTLET_DESCRIPTIONS.find((d) => lower.endsWith(` ${d}`));
  if (!suffix) return null;
  const name = words.slice(1, words.length - suffix.split(' ').length);
  return name.length > 0 && /^\p{Lu}/u.test(name[0]) ? name.join(' ') : null;
}

/** The display form of a claimant: determiner lower-cased, an outlet's description dropped. */
export function canonicalClaimant(phrase: string): string {
  const trimmed = phrase.trim().replace(/,$/, '');
  const outlet = outletOf(trimmed);
  if (outlet) return outlet;
  return trimmed.replace(/^(A|An|The)\s/, (d) => d.toLowerCase());
}

interface Mention {
  claimant: string;
  head: string;
  words: Set<string>;
  verb: string;
}

/**
 * Resolves back-references to claimants within one article: "the official" → "a western
 * official" (same head noun, no new modifiers), "the embassy" → "the Chinese embassy in
 * London", "It" → the last claimant. A phrase with a person's name, or with no antecedent,
 * is a new claimant. Also remembers which claimant last *reported* something, for
 * agentless attributions ("reportedly", "it was alleged").
 */
export class ClaimantResolver {
  private readonly mentions: Mention[] = [];

  resolve(phrase: string, verb: string): string {
    const claimant = this.antecedentOf(phrase) ?? canonicalClaimant(phrase);
    const { head, words } = describe(claimant);
    this.mentions.push({ claimant, head, words, verb });
    return claimant;
  }

  /** The source of the report the passage is about: the last claimant that reported or alleged something. */
  lastReporter(): string | null {
    for (let i = this.mentions.length - 1; i >= 0; i--) {
      if (this.mentions[i].verb === 'reported') return this.mentions[i].claimant;
    }
    return null;
  }

  private antecedentOf(phrase: string): string | null {
    const bare = phrase.trim().replace(/,$/, '');
    const lower = bare.toLowerCase();
    if (PRONOUNS.has(lower) || /^one of (?:them|those)$/.test(lower)) return this.mentions.at(-1)?.claimant ?? null;
    // A surname alone ("Petrov") refers back to the person named in full.
    if (/^\p{Lu}[\p{L}'’-]+$/u.test(bare)) {
      const named = this.mentions.findLast((m) => m.words.has(lower) && namesPerson(m.claimant));
      return named?.claimant ?? null;
    }
    if (!/^the\s/i.test(bare) || namesPerson(bare)) return null;
    const { head, words } = describe(bare);
    for (let i = this.mentions.length - 1; i >= 0; i--) {
      const m = this.mentions[i];
      if (m.head === head && [...words].every((w) => m.words.has(w))) return m.claimant;
    }
    return null;
  }
}

const DETERMINERS = new Set(['a', 'an', 'the']);

// The head noun is the last word before any prepositional phrase: "the Chinese embassy in London" → embassy.
function describe(phrase: string): { head: string; words: Set<string> } {
  const words = phrase
    .toLowerCase()
    .split(/[\s,]+/)
    .filter((w) => w && !DETERMINERS.has(w));
  const stop = words.findIndex((w) => LINKS.has(w));
  const core = stop === -1 ? words : words.slice(0, stop);
  return { head: core.at(-1) ?? '', words: new Set(words) };
}
