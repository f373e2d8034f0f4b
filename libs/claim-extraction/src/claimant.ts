import nlp from 'compromise';

// Clauses that open a sentence before its subject: "When asked, ", "Responding to that report, ", "And while …, ",
// "For instance, ". Each alternative ends at the first comma, so a match costs one scan.
const LEADING_CLAUSE =
  /^(?:(?:and|but|yet|so)\s+)?(?:(?:when|after|before|while|as|once|although|though|since|because|if)\s[^,]+|(?:asked|contacted|responding|speaking|writing|referring|commenting|pressed)\b[^,]*|on\s\w+(?:\s\d{1,2})?|(?:in|under|for|with|without|despite|during|amid|at|from|by|over|through|within|among|following|to|until|unlike|like)\s[^,]+|earlier[^,]*|later[^,]*|however|meanwhile|separately|previously|for instance|for example|still|instead|again|but|and|yet|so|indeed|also),\s*/i;

// "But Doherty said …": a conjunction opening the sentence is not part of its subject.
const LEADING_CONJUNCTION = /^(?:[Aa]nd|[Bb]ut|[Yy]et|[Oo]r)\s+(?=\p{Lu})/u;
const PRONOUNS = new Set(['it', 'he', 'she', 'they', 'we']);
const NOUN_PHRASE_TAGS = ['Noun', 'ProperNoun', 'Determiner', 'Adjective', 'Acronym', 'Possessive', 'Value', 'Pronoun'];
const LINKS = new Set(['of', 'for', 'in', 'at', 'from', 'and', 'to', 'with']);

/** Strips the clauses that can precede a sentence's subject. */
export function withoutLeadingClauses(text: string): string {
  let rest = text.replace(LEADING_CONJUNCTION, '');
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
    // "Patrol Chief James Hall": a capitalised word before a proper noun is part of a title, whatever its tag.
    const titleWord = /^\p{Lu}/u.test(t.text) && /^\p{Lu}/u.test(terms[i + 1]?.text ?? '') && isNounish(terms[i + 1]);
    const nounish = (t.tags.some((tag) => NOUN_PHRASE_TAGS.includes(tag)) && !t.tags.includes('Verb')) || titleWord;
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

/**
 * Whether a noun phrase names a person (compromise's person names), so it is a first mention, never a back-reference.
 */
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

/**
 * A name without what only locates it: "State Sen. Michael Doherty (R-Warren)" → the name; "Patrol Chief
 * James Hall with the New York Police Department" → "Patrol Chief James Hall".
 */
function withoutNameModifiers(phrase: string): string {
  const paren = phrase.indexOf(' (');
  const name = paren > 0 ? phrase.slice(0, paren) : phrase;
  const withAt = name.indexOf(' with ');
  return withAt > 0 && isProperName(name.slice(0, withAt)) ? name.slice(0, withAt) : name;
}

/** The display form of a claimant: determiner lower-cased, an outlet's description dropped. */
export function canonicalClaimant(phrase: string): string {
  const trimmed = withoutNameModifiers(phrase.trim().replace(/,$/, ''));
  const outlet = outletOf(trimmed);
  if (outlet) return outlet;
  return trimmed.replace(/^(A|An|The)\s/, (d) => d.toLowerCase());
}

type Gender = 'male' | 'female';

interface Mention {
  claimant: string;
  head: string;
  words: Set<string>;
  /** The attribution verb; null for a person mentioned as a sentence's subject without a claim. */
  verb: string | null;
  /** A named person or a person described by a role ("the director"): what "he" and "she" can refer to. */
  person: boolean;
  /** Role nouns the phrase gives its person ("CNN meteorologist Todd Borek" → meteorologist). */
  roles: Set<string>;
}

/**
 * Resolves back-references to claimants within one article: "the official" → "a western
 * official" (same head noun, no new modifiers), "the embassy" → "the Chinese embassy in
 * London", "It" → the last claimant, "he"/"she" → the last person mentioned (claimant or a
 * sentence's subject) whose gender does not contradict the pronoun, "the director" → the
 * person introduced with that role, else the last person named. A phrase with a person's name,
 * or with no antecedent, is a new claimant. Also remembers which claimant last *reported*
 * something, for agentless attributions ("reportedly", "it was alleged").
 */
export class ClaimantResolver {
  private readonly mentions: Mention[] = [];
  /** Genders learned from names (Jessica, Mr.) and from the pronouns that referred to a claimant. */
  private readonly genders = new Map<string, Gender>();

  resolve(phrase: string, verb: string): string {
    const bare = phrase.trim().replace(/,$/, '');
    const claimant = this.antecedentOf(bare) ?? canonicalClaimant(bare);
    const pronoun = PRONOUN_GENDER.get(bare.toLowerCase());
    if (pronoun && !this.genders.has(claimant)) this.genders.set(claimant, pronoun);
    this.remember(claimant, verb);
    return claimant;
  }

  /**
   * Records a person a sentence is about (its subject) without a claim: "Chandor asked his leading man …"
   * makes Chandor the referent of a following "he said". Phrases that name no person are ignored.
   */
  mention(phrase: string): void {
    const bare = phrase.trim().replace(/,$/, '');
    const name = personNameIn(bare);
    if (name) this.remember(this.antecedentOf(name) ?? canonicalClaimant(name), null, personTraits(bare).roles);
  }

  /** A person named earlier whose name holds all these words ("Isaac" → "Oscar Isaac"); null when none. */
  personNamed(name: string): string | null {
    const words = name.toLowerCase().split(/\s+/);
    return this.mentions.find((m) => m.person && words.every((w) => m.words.has(w)))?.claimant ?? null;
  }

  /** The person an interview is with: the first person the article names. */
  firstPerson(): string | null {
    return this.mentions.find((m) => m.person && isProperName(m.claimant))?.claimant ?? null;
  }

  /** The source of the report the passage is about: the last claimant that reported or alleged something. */
  lastReporter(): string | null {
    for (let i = this.mentions.length - 1; i >= 0; i--) {
      if (this.mentions[i].verb === 'reported') return this.mentions[i].claimant;
    }
    return null;
  }

  private remember(claimant: string, verb: string | null, roles?: Set<string>): void {
    const { head, words } = describe(claimant);
    const traits = personTraits(claimant);
    if (traits.gender && !this.genders.has(claimant)) this.genders.set(claimant, traits.gender);
    this.mentions.push({ claimant, head, words, verb, person: traits.person, roles: roles ?? traits.roles });
  }

  private antecedentOf(bare: string): string | null {
    const lower = bare.toLowerCase();
    const gender = PRONOUN_GENDER.get(lower);
    if (gender) return this.lastPerson(gender) ?? this.lastClaimant();
    if (PRONOUNS.has(lower) || /^one of (?:them|those)$/.test(lower)) return this.lastClaimant();
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
    // "the director": the person introduced with that role, else the last person named before it.
    const traits = personTraits(bare);
    if (words.size === 1 && traits.roles.has(head) && !traits.plural) {
      const withRole = this.mentions.findLast((m) => m.roles.has(head));
      if (withRole) return withRole.claimant;
      return this.mentions.findLast((m) => m.person && isProperName(m.claimant))?.claimant ?? null;
    }
    return null;
  }

  private lastClaimant(): string | null {
    return this.mentions.findLast((m) => m.verb !== null)?.claimant ?? null;
  }

  // "he" after "Chastain said …" and "Chandor attributed …" is Chandor: the last person, of a compatible gender.
  private lastPerson(gender: Gender): string | null {
    const m = this.mentions.findLast((m) => m.person && (this.genders.get(m.claimant) ?? gender) === gender);
    return m?.claimant ?? null;
  }
}

const PRONOUN_GENDER = new Map<string, Gender>([
  ['he', 'male'],
  ['she', 'female'],
]);

interface PersonTraits {
  person: boolean;
  gender: Gender | null;
  roles: Set<string>;
  plural: boolean;
}

// Words that may sit in lower case inside a proper name ("Lorenzo de Medici", "Bank of England").
const NAME_PARTICLES = new Set(['of', 'de', 'da', 'del', 'van', 'von', 'der', 'la', 'le', 'bin', 'al']);

/** A phrase of capitalised words (a name), not a coordination ("Isaac and Chastain"). */
function isProperName(phrase: string): boolean {
  const words = phrase.split(/\s+/).filter(Boolean);
  return (
    words.length > 0 &&
    words.length <= 5 &&
    words.every((w) => /^\p{Lu}/u.test(w) || NAME_PARTICLES.has(w.toLowerCase()))
  );
}

/**
 * The one person a sentence's subject names: "Next year Isaac" → "Isaac"; "Chandor" (a surname the
 * NLP library does not know) → "Chandor"; a coordination ("Isaac and Chastain"), an organisation or a
 * place → null.
 */
function personNameIn(phrase: string): string | null {
  if (/\sand\s|&/.test(phrase) || /^(?:it|they|we|i|you)$/i.test(phrase)) return null;
  const people = nlp(phrase).people();
  if (people.length === 1)
    return (
      people
        .text()
        .replace(/[’']s$/, '')
        .trim() || null
    );
  return isProperName(phrase) && personTraits(phrase).person ? phrase : null;
}

/** Whether a phrase names or describes a person, its gender when a first name or title says so, and its role nouns. */
function personTraits(phrase: string): PersonTraits {
  let known = PERSON_TRAITS.get(phrase);
  if (known === undefined) {
    const terms = (
      nlp(phrase).json({ terms: { tags: true } }) as Array<{ terms: Array<{ text: string; tags: string[] }> }>
    ).flatMap((s) => s.terms);
    const has = (tag: string) => terms.some((t) => t.tags.includes(tag));
    const roles = new Set(terms.filter((t) => t.tags.includes('Actor')).map((t) => t.text.toLowerCase()));
    const honorific =
      terms
        .find((t) => t.tags.includes('Honorific'))
        ?.text.toLowerCase()
        .replace(/\.$/, '') ?? '';
    // A first name tells the gender only beside a surname: "Isaac" alone may be a surname.
    const named = terms.filter((t) => t.tags.includes('Person')).length >= 2;
    const gender: Gender | null =
      (named && has('FemaleName')) || FEMALE_TITLES.has(honorific)
        ? 'female'
        : (named && has('MaleName')) || MALE_TITLES.has(honorific)
          ? 'male'
          : null;
    // Not Place: the library reads many surnames as places ("James Hall").
    const organisation = has('Organization') || /\sand\s|&/.test(phrase);
    // A proper name the library does not know ("Chandor", "Matie") may be a person; an organisation or place is not.
    const plural = terms.at(-1)?.tags.includes('Plural') ?? false;
    const person = has('Person') || roles.size > 0 || (!organisation && isProperName(phrase) && !plural);
    known = { person, gender, roles, plural };
    if (PERSON_TRAITS.size >= 2000) PERSON_TRAITS.clear();
    PERSON_TRAITS.set(phrase, known);
  }
  return known;
}
const PERSON_TRAITS = new Map<string, PersonTraits>();
const FEMALE_TITLES = new Set(['mrs', 'ms', 'miss', 'madam', 'dame', 'lady']);
const MALE_TITLES = new Set(['mr', 'sir', 'lord']);

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
