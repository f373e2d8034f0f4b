import nlp from 'compromise';
import { articleSentences, ArticleSentence } from './article-sentences';
import { attributionKindOf, ClaimAttribution, classifyAttribution } from './attribution';
import { ClaimantResolver, leadingNounPhrase, withoutLeadingClauses } from './claimant';
import { plainStatement, quotedText, QuotedText, trimEndChars } from './quoted-text';
import { REPORTING_PARTICIPLES, REPORTING_VERBS, VERBS_NEEDING_THAT } from './reporting-verbs';
import { contentEnd, trailingAttribution } from './trailing-attribution';

/** An attributed claim found in an article. */
export interface ExtractedClaim {
  /** The claim itself, without its attribution or quotation marks. */
  statement: string;
  /** Who made it, as the article first names them ("a western official", "Reuters"); back-references resolved. */
  claimant: string;
  /**
   * How it was attributed: said, told, alleged, reported, confirmed, denied, added, revealed, "not aware", reportedly,
   * stated (the publisher's own voice), ...
   */
  attributionVerb: string;
  /** How the claim was attributed: verb, kind (asserts, denies, …), direct or indirect, checkable, negated. */
  attribution: ClaimAttribution;
  /** The verbatim quoted words, when the claim is (partly) a quotation; fragments joined with " … ". */
  quote: string | null;
  /** Where it was found: the article's title (offset into the title) or its body. */
  part: 'title' | 'body';
  /** The sentence it was found in, verbatim. */
  sentence: string;
  /** Where that sentence starts in the text (UTF-16 code units). */
  offset: number;
}

export interface ExtractClaimsOptions {
  /** The article's publisher, e.g. "Sky News": the claimant of facts the article states in its own voice. */
  publisher: string;
  /** The article's headline: its claims come first, with `part: 'title'`. */
  title?: string;
}

// Longest first, so the alternation settles on "says" before trying "say".
const VERBS = [...REPORTING_VERBS].sort((a, b) => b.length - a.length).join('|');
const VERB_SET = REPORTING_VERBS;
const VERB = `(?:(?:has|have|had)\\s+)?(?:(?:previously|also|first|later|repeatedly|earlier|long)\\s+)?(${VERBS})\\b`;
// Verbs that attribute only with a "that" clause after them ("found that …"): "the money found its way" is no claim.
const NEEDS_THAT = VERBS_NEEDING_THAT;

const TRAILING_AGENTLESS = /^(.+),\s+it\s+(?:was|is|has been)\s+(alleged|reported|claimed|understood)\.$/i;
const TRAILING_ACCORDING = /,\s+according\s+to\s+/gi;
const LEADING_ACCORDING = /^according\s+to\s/i;
// The claim about … was first reported by X.
const PASSIVE_HEAD = /^the\s+(?:claim|allegation|report|reports)\s+(?:about|that|of)\s+/i;
const PASSIVE_VERB = /\s(?:was|were)\s+(?:first\s+|later\s+|also\s+)?(reported|made|alleged|revealed)\s+by\s+/i;
const HEDGE = /\b(?:can|could|is|are|was|were|has|have|had|will|would|may)\s+(reportedly|allegedly)\s+/i;
// A lookbehind keeps `\s+` from restarting inside a run of spaces (quadratic on "a      …      and said").
const COORDINATED = new RegExp(`(?<!\\s)\\s+and\\s+(?:${VERB})\\s+(?:that\\s+)?`);
const RECIPIENT_WORDS = new Set([
  'reporters',
  'journalists',
  'him',
  'her',
  'them',
  'us',
  'me',
  'the broadcaster',
  'the newspaper',
  'the agency',
  'the paper',
]);
const NOT_AWARE_SUBJECT = /^(?:it|they|he|she|we|the\s)/i;
const NOT_AWARE = /\s(?:was|were|is|are|had\s+been)\s+not\s+aware\b/i;
const ACCORDING_TAIL = /,\s+according\s+to\s/i;
const HEDGED = /\b(?:would|could|might|may|should|if)\b/i;
const YEAR = /\b(?:19|20)\d\d\b/;
/** Longer "sentences" are not prose (a run of one letter, a pasted table): skipped, so no rule ever sees them. */
export const MAX_SENTENCE_CHARS = 1200;
const OPENING_QUOTE = /^[“"]/;

interface Attribution {
  statement: string;
  /** The phrase naming the claimant; null when the text names none ("it was alleged", "reportedly"). */
  claimant: string | null;
  verb: string;
  /** Quoted passages belonging to the statement. */
  quotes: string[];
  /** The statement is a quotation whose speaker this attribution names (so earlier quoted sentences share it). */
  fromQuote: boolean;
  /** The attribution itself is negated ("did not confirm"). */
  negated?: boolean;
}

interface Speaker {
  claimant: string;
  verb: string;
}

/**
 * Finds the attributed claims in an article: direct quotes with the attribution before, after
 * or inside them (and quotes that run on into following paragraphs), reported speech ("X
 * reported that …", "…, a western official has told Sky News", "according to …", "it was
 * alleged"), and dated facts the article states in its own voice (claimed by the publisher).
 * Back-references ("the official", "the embassy", "it") resolve to the claimant's first
 * mention. Headlines and teasers scraped into the text yield nothing; the `title` option
 * yields the headline's claim.
 *
 * Cost is linear in the text's length: paragraphs are cut into bounded pieces before the NLP
 * library sees them, sentences over MAX_SENTENCE_CHARS are skipped, and every rule scans a
 * sentence a bounded number of times.
 */
export function extractClaims(text: string, options: ExtractClaimsOptions): ExtractedClaim[] {
  const resolver = new ClaimantResolver();
  const claims = options.title ? headlineClaims(options.title, resolver, options.publisher) : [];
  // Who is speaking: a bare quote continues the last attributed speaker of its paragraph, or
  // of the previous paragraph when that one ended inside a quotation this one reopens.
  let speaker: Speaker | null = null;
  let inQuote = false;
  let paragraph = -1;
  // Quoted sentences whose speaker comes later in the same quotation (“A. B,” he said.).
  let pending: Array<{ sentence: ArticleSentence; statement: string }> = [];
  // A lead-in ending with a colon ("He also said:") speaks the next paragraph, or the list items under it.
  let lead: Lead | null = null;
  // The speaker a transcript paragraph is labelled with ("A:", "Isaac:"), for that paragraph only.
  let labelled: Speaker | null = null;

  for (const sentence of articleSentences(text)) {
    if (sentence.text.length > MAX_SENTENCE_CHARS) {
      speaker = null;
      pending = [];
      inQuote = false;
      continue;
    }
    const opensWithQuote = OPENING_QUOTE.test(sentence.text);
    let text = sentence.text;
    if (sentence.paragraph !== paragraph) {
      paragraph = sentence.paragraph;
      if (!(inQuote && opensWithQuote)) {
        speaker = null;
        pending = [];
      }
      inQuote = false;
      lead = nextLead(lead, sentence);
      const label = transcriptLabel(text, resolver);
      labelled = label?.speaker ?? null;
      if (label) text = text.slice(label.length);
      if (lead ?? labelled) speaker = lead ?? labelled;
    }
    const quoted = quotedText(text, inQuote);
    const found = attributionsOf(text, quoted);
    const block = lead ?? labelled;
    if (found.length > 0) {
      for (const a of found) {
        const claimant =
          a.claimant === null ? (resolver.lastReporter() ?? options.publisher) : resolver.resolve(a.claimant, a.verb);
        if (a.fromQuote) {
          for (const p of pending)
            claims.push(
              claimOf(
                { statement: p.statement, claimant, verb: a.verb, quotes: [p.statement], fromQuote: true },
                claimant,
                p.sentence,
              ),
            );
        }
        pending = [];
        claims.push(claimOf(a, claimant, sentence));
        speaker = { claimant, verb: a.verb };
      }
    } else if (
      (inQuote || opensWithQuote) &&
      quoted.quotes.length > 0 &&
      quoted.masked.replace(/[_\s.,!?]/g, '') === ''
    ) {
      const statement = quoted.quotes.map((q) => q.text).join(' ');
      if (speaker)
        claims.push(
          claimOf(
            { statement, claimant: speaker.claimant, verb: speaker.verb, quotes: [statement], fromQuote: true },
            speaker.claimant,
            sentence,
          ),
        );
      else pending.push({ sentence, statement });
    } else if (speaker && (inQuote || opensWithQuote) && quoted.quotes.length > 0) {
      const statement = quoted.quotes.map((q) => q.text).join(' ');
      claims.push(
        claimOf(
          { statement, claimant: speaker.claimant, verb: speaker.verb, quotes: [statement], fromQuote: true },
          speaker.claimant,
          sentence,
        ),
      );
    } else if (block && quoted.quotes.length === 0) {
      // A paragraph quoted as a block, a list item, or a transcript's answer: the words are the speaker's own.
      claims.push(
        claimOf(
          { statement: text, claimant: block.claimant, verb: block.verb, quotes: [text], fromQuote: true },
          block.claimant,
          { ...sentence, text },
        ),
      );
    } else {
      speaker = null;
      pending = [];
      const subject = subjectOf(quoted.masked);
      if (subject) resolver.mention(subject);
      if (quoted.quotes.length === 0 && statesDatedFact(sentence.text)) {
        claims.push(
          claimOf(
            { statement: sentence.text, claimant: options.publisher, verb: 'stated', quotes: [], fromQuote: false },
            options.publisher,
            sentence,
          ),
        );
      }
    }
    inQuote = quoted.endsInQuote;
    if (text.endsWith(':')) {
      const intro = leadIn(text, quoted.masked);
      const claimant = intro && (intro.claimant === null ? null : resolver.resolve(intro.claimant, intro.verb));
      lead = intro && claimant ? { claimant, verb: intro.verb, paragraph, list: null } : null;
    }
  }
  return claims.filter(isProposition);
}

interface Lead extends Speaker {
  /** The paragraph the lead-in or its last list item is in. */
  paragraph: number;
  /** Whether the lead-in introduced a list (null until its first paragraph is seen). */
  list: boolean | null;
}

// The paragraph right after the lead-in, and after that only further items of the list it introduced.
function nextLead(lead: Lead | null, sentence: ArticleSentence): Lead | null {
  if (lead === null || sentence.paragraph !== lead.paragraph + 1) return null;
  const continues = lead.list === null || (lead.list && sentence.listItem === true);
  return continues ? { ...lead, paragraph: sentence.paragraph, list: sentence.listItem === true } : null;
}

// "Q: …", "A: …", "Isaac: …": a transcript's speaker label, at most three capitalised words.
const TRANSCRIPT_LABEL = /^(?:Q|A|Question|Answer|\p{Lu}[\p{L}.'’-]*(?: \p{Lu}[\p{L}.'’-]*){0,2}):[ \t]+/u;

/**
 * The speaker of a transcript paragraph: "A:"/"Answer:" is the interviewee (the first person the article
 * names), a name is a person named earlier; "Q:" and anything else (a dateline, "UPDATE:") label no claim.
 */
function transcriptLabel(text: string, resolver: ClaimantResolver): { speaker: Speaker | null; length: number } | null {
  const m = TRANSCRIPT_LABEL.exec(text);
  if (!m) return null;
  const label = m[0].slice(0, m[0].indexOf(':'));
  if (label === 'Q' || label === 'Question') return { speaker: null, length: m[0].length };
  const person = label === 'A' || label === 'Answer' ? resolver.firstPerson() : resolver.personNamed(label);
  return person ? { speaker: { claimant: person, verb: 'said' }, length: m[0].length } : null;
}

/**
 * "He also said:", "The statement read:", "According to the survey:": the speaker and verb of a lead-in
 * whose words follow in the next paragraph or list. The verb must close the lead-in (a recipient may follow:
 * "told reporters:"), with a noun phrase before it as its subject.
 */
function leadIn(sentence: string, masked: string): { claimant: string | null; verb: string } | null {
  const end = trimEndChars(masked, ' \t:');
  const body = withoutLeadingClauses(end);
  const bodyStart = end.length - body.length;
  const according = LEADING_ACCORDING.exec(body);
  if (according)
    return {
      claimant: accordingClaimant(sentence.slice(bodyStart + according[0].length, end.length)),
      verb: 'according to',
    };
  const words = [...body.matchAll(/\S+/g)].slice(-8);
  for (let i = words.length - 1; i > 0; i--) {
    const verb = words[i][0].toLowerCase();
    if (!REPORTING_VERBS.has(verb)) continue;
    const after = body.slice(words[i].index + words[i][0].length);
    const trailing = after.trim().toLowerCase();
    if (
      trailing &&
      !['the following', 'as follows', 'this'].includes(trailing) &&
      recipientLength(after) < after.trimEnd().length
    )
      return null;
    const subject = withoutAuxiliaryTail(sentence.slice(bodyStart, bodyStart + words[i].index));
    if (!subject || LONE_DETERMINER.test(subject) || subject.includes('_') || !isClaimantPhrase(subject)) return null;
    return { claimant: subject, verb };
  }
  return null;
}

// The words of a sentence's opening that can hold its subject ("Chandor", "the 35-year-old Cuban-Guatemalan actor").
const SUBJECT_WINDOW_CHARS = 80;

/** The noun phrase a sentence opens with, after any leading clause: the person it is about, if any. */
function subjectOf(masked: string): string | null {
  const body = withoutLeadingClauses(masked);
  if (!/^\p{L}/u.test(body)) return null;
  const window =
    body.length <= SUBJECT_WINDOW_CHARS ? body : body.slice(0, body.lastIndexOf(' ', SUBJECT_WINDOW_CHARS));
  const phrase = leadingNounPhrase(window)?.phrase;
  return phrase && !phrase.includes('_') ? phrase : null;
}

/**
 * "Give me a break", "Make some chicken for lunch": a quotation opening with a verb's base form asks, it asserts
 * nothing.
 */
function isImperative(statement: string): boolean {
  const first = /^[\p{L}’']+/u.exec(statement)?.[0];
  return first !== undefined && opensImperative(first);
}

// Tagged alone and memoised: a quotation's first word is the cue, and the same words recur.
const opensImperative = memoised((word: string): boolean => {
  const term = (nlp(word).json({ terms: { tags: true } }) as Array<{ terms: Array<{ tags: string[] }> }>)[0]?.terms[0];
  return term !== undefined && term.tags.includes('Infinitive') && !term.tags.includes('Gerund');
});

/** Questions, exclamations and one- or two-word replies ("Sure") assert nothing checkable or attributable. */
function isProposition(claim: ExtractedClaim): boolean {
  const statement = claim.statement.trimEnd();
  if (statement.endsWith('?') || statement.endsWith('!')) return false;
  if (claim.attribution.quote === 'direct' && isImperative(statement)) return false;
  return statement.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length >= 3;
}

/**
 * A headline is one sentence without its final stop ("Kyiv denies role in blast, official says"); an
 * unattributed, unhedged headline is the publisher's own claim.
 */
function headlineClaims(title: string, resolver: ClaimantResolver, publisher: string): ExtractedClaim[] {
  const text = title.trim().slice(0, MAX_SENTENCE_CHARS);
  const asSentence = /[.!?]$/.test(text) ? text : `${text}.`;
  const found = attributionsOf(asSentence, quotedText(asSentence, false));
  const sentence = { text, offset: 0, paragraph: -1 };
  if (found.length === 0) {
    if (HEDGED.test(text) || text.endsWith('?')) return [];
    return [
      {
        ...claimOf(
          { statement: text, claimant: publisher, verb: 'stated', quotes: [], fromQuote: false },
          publisher,
          sentence,
        ),
        part: 'title',
      },
    ];
  }
  return found.map((a) => {
    const claimant = a.claimant === null ? publisher : resolver.resolve(a.claimant, a.verb);
    return { ...claimOf(a, claimant, sentence), part: 'title' as const };
  });
}

function claimOf(a: Attribution, claimant: string, sentence: ArticleSentence): ExtractedClaim {
  const statement = plainStatement(a.statement);
  const head = statement.slice(0, 120);
  const verb = NOT_AWARE_SUBJECT.test(head) && NOT_AWARE.test(head) ? 'not aware' : a.verb;
  const quotes = a.quotes.map((q) => trimEndChars(q, ' ,.')).filter(Boolean);
  const quote = quotes.length ? quotes.join(' … ') : null;
  const attribution = classifyAttribution(verb, statement, quote, a.negated ?? false);
  return {
    statement,
    claimant,
    attributionVerb: verb,
    attribution,
    quote,
    part: 'body',
    sentence: sentence.text,
    offset: sentence.offset,
  };
}

const isAttributionVerb = (word: string) => VERB_SET.has(word);
const LONE_DETERMINER =
  /^(?:the|a|an|this|that|these|those|its|their|his|her|our|my|every|each|all|some|any|no|many|most|few|several)$/i;
// Kinds whose verb may take a noun phrase as its claim: "denied the allegations", "accused China of …".
const TAKES_NOUN_OBJECT = new Set(['denies', 'accuses', 'predicts']);
// "officials confirmed the sanctions package", "revealed the plan": confirming or revealing an event is a claim that it
// happened.
const CONFIRMS_EVENT = new Set([
  'confirmed',
  'confirms',
  'confirm',
  'revealed',
  'reveals',
  'reveal',
  'disclosed',
  'discloses',
]);
const FINITE_TAGS = ['PastTense', 'Modal', 'Auxiliary', 'Copula'];

/** Whether a complement holds a finite verb ("the plan would fail"), not only a noun phrase or a gerund. */
const hasFiniteVerb = memoised((text: string): boolean => {
  const terms = (nlp(text).json({ terms: { tags: true } }) as Array<{ terms: Array<{ tags: string[] }> }>).flatMap(
    (s) => s.terms,
  );
  return terms.some(
    ({ tags }) =>
      tags.includes('Verb') &&
      !tags.includes('Gerund') &&
      (FINITE_TAGS.some((t) => tags.includes(t)) || (tags.includes('PresentTense') && !tags.includes('Infinitive'))),
  );
});
// A bare noun the tagger reads as a verb on its own ("police" said) is a noun phrase once it has a determiner.
const isClaimantPhrase = memoised(
  (phrase: string) =>
    leadingNounPhrase(phrase)?.phrase === phrase ||
    (/^\p{Ll}+$/u.test(phrase) && leadingNounPhrase(`the ${phrase}`)?.phrase === `the ${phrase}`),
);

/**
 * Caches a pure function of a short phrase: speakers repeat ("the minister said" hundreds of times), tagging them is
 * the cost.
 */
function memoised<T>(fn: (phrase: string) => T, capacity = 2000): (phrase: string) => T {
  const cache = new Map<string, T>();
  return (phrase) => {
    const hit = cache.get(phrase);
    if (hit !== undefined) return hit;
    const value = fn(phrase);
    if (cache.size >= capacity) cache.clear();
    cache.set(phrase, value);
    return value;
  };
}

function attributionsOf(sentence: string, quoted: QuotedText): Attribution[] {
  const main = mainAttributionsOf(sentence, quoted);
  const participial = participialReport(sentence, quoted, main);
  if (!participial) return main;
  // "X said A, adding that B": A ends where the participle's clause begins.
  const trimmed = main.map((a) =>
    a.fromQuote ? a : { ...a, statement: cutAt(a.statement, sentence, participial.clauseAt) },
  );
  return [...trimmed.filter((a) => plainStatement(a.statement)), participial.attribution];
}

function cutAt(statement: string, sentence: string, at: number): string {
  const start = sentence.indexOf(statement);
  if (start < 0 || at <= start || at >= start + statement.length) return statement;
  return trimEndChars(sentence.slice(start, at), ' \t,;—–-');
}

function mainAttributionsOf(sentence: string, quoted: QuotedText): Attribution[] {
  const { masked } = quoted;
  const quotesIn = (start: number, end: number) =>
    quoted.quotes.filter((q) => q.start >= start && q.end <= end).map((q) => q.text);

  if (quoted.quotes.length > 0 && quoted.quotes[0].start <= 1) {
    const after = trailingAttribution(masked, isAttributionVerb, isClaimantPhrase);
    if (after && after.resumeAt === null && masked.slice(0, after.statementEnd).replace(/[_\s,.!?]/g, '') === '') {
      const statement = quoted.quotes.map((q) => q.text).join(' ');
      return [{ statement, claimant: after.claimant, verb: after.verb, quotes: [statement], fromQuote: true }];
    }
  }

  const passive = passiveReport(sentence, masked);
  if (passive) return [passive];

  const agentless = TRAILING_AGENTLESS.exec(masked);
  if (agentless) {
    const statement = sentence.slice(0, agentless[1].length);
    return [
      {
        statement,
        claimant: null,
        verb: agentless[2].toLowerCase(),
        quotes: quotesIn(0, agentless[1].length),
        fromQuote: false,
      },
    ];
  }

  const embedded = embeddedReport(sentence, masked, quotesIn);
  const reported = withEmbedded(reportedSpeech(sentence, masked, quotesIn), embedded, sentence);
  if (reported.length > 0) {
    // "Past work has found that …, Expert said.": a finding inside a sentence that closes with who said it
    // is that speaker's claim; a statement ("The official told X that …, Sky News reported") stays the official's.
    const outer = NEEDS_THAT.has(reported[0].verb)
      ? trailingAttribution(masked, isAttributionVerb, isClaimantPhrase)
      : null;
    const nested = outer && outer.resumeAt === null && sentence.indexOf(reported[0].statement) < outer.statementEnd;
    if (!nested) return reported;
  }

  const according = trailingAccording(sentence, masked);
  if (according) return [{ ...according, quotes: quotesIn(0, according.statement.length) }];

  const trailing = trailingAttribution(masked, isAttributionVerb, isClaimantPhrase);
  // "…, the study found." closes a sentence; "…, Tugnoli and I found Matie asleep" has an object: no attribution.
  if (trailing && !(NEEDS_THAT.has(trailing.verb) && trailing.resumeAt === null && trailing.tailWords > 0)) {
    const bodyStart = masked.length - withoutLeadingClauses(masked).length;
    const start = bodyStart < trailing.statementEnd ? bodyStart : 0;
    const rest = trailing.resumeAt === null ? '' : ' ' + sentence.slice(trailing.resumeAt).trimStart();
    const statement = sentence.slice(start, trailing.statementEnd) + rest;
    return [
      {
        statement,
        claimant: trailing.claimant,
        verb: trailing.verb,
        quotes: quotesIn(0, sentence.length),
        fromQuote: false,
      },
    ];
  }

  const leading = leadingAccording(masked);
  if (leading) {
    const { claimantAt, claimantEnd, start } = leading;
    const claimant = accordingClaimant(sentence.slice(claimantAt, claimantEnd));
    return [
      {
        statement: sentence.slice(start),
        claimant,
        verb: 'according to',
        quotes: quotesIn(start, sentence.length),
        fromQuote: false,
      },
    ];
  }

  if (embedded) return [embedded.attribution];

  const hedge = HEDGE.exec(masked);
  if (hedge) {
    const at = hedge.index + hedge[0].length - hedge[1].length - 1;
    const statement = sentence.slice(0, at).trimEnd() + ' ' + sentence.slice(at + hedge[1].length + 1).trimStart();
    return [
      {
        statement,
        claimant: null,
        verb: hedge[1].toLowerCase(),
        quotes: quotesIn(0, sentence.length),
        fromQuote: false,
      },
    ];
  }
  return [];
}

// "According to X, statement": where X and the statement are (found with indexOf, not a backtracking regex).
function leadingAccording(masked: string): { claimantAt: number; claimantEnd: number; start: number } | null {
  const head = LEADING_ACCORDING.exec(masked);
  if (!head) return null;
  let claimantAt = head[0].length;
  while (/\s/.test(masked[claimantAt] ?? '')) claimantAt++;
  const comma = masked.indexOf(',', claimantAt);
  if (comma <= claimantAt) return null;
  let start = comma + 1;
  while (/\s/.test(masked[start] ?? '')) start++;
  return start < masked.length ? { claimantAt, claimantEnd: comma, start } : null;
}

// "The claim about … was first reported by X."
function passiveReport(sentence: string, masked: string): Attribution | null {
  const head = PASSIVE_HEAD.exec(masked);
  if (!head) return null;
  const verb = PASSIVE_VERB.exec(masked.slice(head[0].length));
  if (!verb) return null;
  const start = head[0].length;
  const by = start + verb.index + verb[0].length;
  const claimant = trimEndChars(sentence.slice(by), ' .');
  if (!claimant || claimant.includes(',')) return null;
  const kind = verb[1].toLowerCase() === 'made' ? 'reported' : verb[1].toLowerCase();
  return { statement: sentence.slice(start, start + verb.index), claimant, verb: kind, quotes: [], fromQuote: false };
}

// "…, according to the World Travel and Tourism Council, an industry body." → that council (an appositive is dropped).
function trailingAccording(sentence: string, masked: string): Omit<Attribution, 'quotes'> | null {
  let last: RegExpExecArray | null = null;
  TRAILING_ACCORDING.lastIndex = 0;
  for (let m = TRAILING_ACCORDING.exec(masked); m; m = TRAILING_ACCORDING.exec(masked)) last = m;
  if (!last) return null;
  const from = last.index + last[0].length;
  const end = contentEnd(masked);
  if (end <= from || masked.slice(from, end).includes('_')) return null;
  const comma = masked.indexOf(',', from);
  const claimant = accordingClaimant(sentence.slice(from, comma === -1 || comma > end ? end : comma));
  return { statement: sentence.slice(0, last.index), claimant, verb: 'according to', fromQuote: false };
}

// "The review found no enforcement action": a study's findings need no "that".
const STUDY_NOUNS = new Set([
  'review',
  'study',
  'report',
  'survey',
  'analysis',
  'research',
  'investigation',
  'audit',
  'poll',
  'data',
  'inquiry',
  'paper',
]);
const lastWord = (phrase: string) => phrase.trim().split(/\s+/).at(-1)?.toLowerCase() ?? '';
const SOURCE_NOUNS = new Set(['data', 'research', 'figures', 'analysis', 'estimates', 'statistics', 'numbers']);
// "a report in the Daily Express newspaper" → the Daily Express; "data calculated for Bloomberg by the Center for …" →
// the Center; "Labor Department data compiled by Bloomberg" → Labor Department data; "research cited by its president"
// → research.
function accordingClaimant(phrase: string): string {
  const words = phrase.trim().split(/\s+/);
  const lower = words.map((w) => w.toLowerCase());
  if (
    lower.length > 3 &&
    ['a', 'the'].includes(lower[0]) &&
    ['report', 'story', 'article'].includes(lower[1]) &&
    ['in', 'by', 'from'].includes(lower[2])
  ) {
    return words
      .slice(3)
      .filter((w, i, all) => !(i === all.length - 1 && w.toLowerCase() === 'newspaper'))
      .join(' ')
      .replace(/^the\s/i, '');
  }
  const participle = lower.findIndex((w, i) => i > 0 && /ed$/.test(w) && lower.indexOf('by', i) > i);
  if (participle > 0) {
    const head = words.slice(0, participle);
    const agent = words.slice(lower.indexOf('by', participle) + 1);
    const named = head.some((w) => /^\p{Lu}/u.test(w) && !SOURCE_NOUNS.has(w.toLowerCase()));
    if (named) return head.join(' ');
    if (
      agent.length > 0 &&
      head.every((w) => SOURCE_NOUNS.has(w.toLowerCase()) || ['a', 'an', 'the'].includes(w.toLowerCase()))
    )
      return agent.join(' ');
  }
  return phrase.trim();
}
/**
 * "Subject [has] verb [recipient] [that] statement", where the subject is the noun phrase
 * the sentence opens with (after any leading clause) and nothing but auxiliaries or a
 * coordinated verb phrase ("expressed concern but") stands between it and the verb.
 * A second coordinated attribution ("… and revealed that …") yields a second claim.
 */
function reportedSpeech(
  sentence: string,
  masked: string,
  quotesIn: (start: number, end: number) => string[],
): Attribution[] {
  const body = withoutLeadingClauses(masked);
  const bodyStart = masked.length - body.length;
  const verb = new RegExp(`\\s${VERB}`).exec(body);
  if (!verb) return [];
  const subject = leadingNounPhrase(sentence.slice(bodyStart, bodyStart + verb.index + 1));
  // "Those states, along with …" and "The forecast has left …": a determiner alone is no subject (the verb was a noun).
  if (!subject || LONE_DETERMINER.test(subject.phrase)) return [];
  // "May, who said …": a relative clause's report is found by embeddedReport, with May as its claimant.
  if (/\b(?:who|which|that)$/i.test(subject.phrase)) return [];
  const between = withoutAsides(subject.rest);
  // Allowed between subject and verb: a coordinated verb phrase ("expressed concern but") or a relative clause (", who
  // …,").
  if (
    between &&
    !/^(?:[\w-]+\s+){0,3}[\w-]+\s+(?:but|and)$/i.test(between) &&
    !/^(?:who|which|whose)\b[^,]*,$/i.test(between)
  )
    return [];

  let cursor = bodyStart + verb.index + verb[0].length;
  const results: Attribution[] = [];
  let current = verb[1];
  for (;;) {
    const afterVerb = skipRecipient(sentence, masked, cursor, current);
    if (afterVerb === null) return results;
    const hasThat =
      /^\s*that\s/i.test(sentence.slice(cursor, afterVerb + 1)) ||
      /\bthat\s*$/i.test(sentence.slice(cursor, afterVerb));
    if (NEEDS_THAT.has(current) && !hasThat && !STUDY_NOUNS.has(lastWord(subject.phrase))) return results;
    cursor = afterVerb;
    const rest = masked.slice(cursor);
    const next = COORDINATED.exec(rest);
    const end = next ? cursor + next.index : sentence.length;
    let part = sentence.slice(cursor, end);
    const tail = ACCORDING_TAIL.exec(masked.slice(cursor, end));
    if (tail) part = part.slice(0, tail.index);
    const statement = current === 'called' ? calledStatement(part) : part;
    if (statement === null) return results;
    // Without "that", a colon or a quotation the complement must be a clause: "added 80 jobs" is no claim.
    const bare =
      !hasThat && !/^\s*:/.test(sentence.slice(cursor - 2, cursor + 1)) && quotesIn(cursor, end).length === 0;
    const nounObjectAllowed =
      TAKES_NOUN_OBJECT.has(attributionKindOf(current)) ||
      CONFIRMS_EVENT.has(current) ||
      STUDY_NOUNS.has(lastWord(subject.phrase));
    if (bare && !nounObjectAllowed && current !== 'called' && !hasFiniteVerb(part)) return results;
    // "accused China of providing …" claims "China providing …".
    const claim =
      current === 'accused' || current === 'accuses'
        ? statement.replace(/^(\S+(?:\s\S+){0,5}?)\s+of\s+/, '$1 ')
        : statement;
    if (plainStatement(claim))
      results.push({
        statement: claim,
        claimant: subject.phrase,
        verb: current,
        quotes: quotesIn(cursor, end),
        fromQuote: false,
      });
    if (!next) return results;
    current = next[1];
    cursor += next.index + next[0].length;
  }
}

// "(R-Warren)" and ", for example," between a subject and its verb are asides, not a verb phrase.
function withoutAsides(text: string): string {
  let out = '';
  let depth = 0;
  for (const ch of text) {
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += ch;
  }
  return out
    .replace(/,\s*(?:for example|for instance|however|meanwhile|too)\s*,/gi, ',')
    .replace(/^[\s,]+/, '')
    .trim();
}

// "told Sky News that …": the recipient and "that" are not part of the claim; "told him to wait" is a request, no
// claim.
function skipRecipient(sentence: string, masked: string, cursor: number, verb: string): number | null {
  let at = cursor;
  if (verb === 'told' || verb === 'tells') {
    at += recipientLength(masked.slice(at, at + 200));
    if (/^\s*to\s/i.test(masked.slice(at, at + 5))) return null;
  }
  // "said that had nothing to do with it": a "that" followed by a verb is the statement's subject, not a conjunction.
  const that =
    /^\s*(?:that\s+(?!(?:is|was|were|has|had|have|would|will|could|can|did|does|may|might|should|must)\s)|:\s*)/i.exec(
      sentence.slice(at, at + 200),
    );
  if (that) return at + that[0].length;
  let k = at;
  while (k < sentence.length && /\s/.test(sentence[k])) k++;
  return k;
}

// The recipient of "told": capitalised words ("Sky News", "the Reuters news agency" stops at lower case), or reporters,
// him, …
function recipientLength(text: string): number {
  const lead = text.length - text.trimStart().length;
  const rest = text.slice(lead);
  for (const word of RECIPIENT_WORDS) {
    if (rest.toLowerCase().startsWith(word) && !/[\p{L}]/u.test(rest[word.length] ?? '')) return lead + word.length;
  }
  let k = lead;
  if (/^the\s/i.test(rest)) k += 4;
  let end = -1;
  for (const m of text.slice(k).matchAll(/\S+/g)) {
    if (!/^\p{Lu}/u.test(m[0])) break;
    const word = trimEndChars(m[0], ',:.;');
    end = k + m.index + word.length;
    if (word.length < m[0].length) break;
  }
  return end === -1 ? 0 : end;
}

// "called the allegation “deeply concerning”" → "the allegation is deeply concerning"; "called for talks" is no claim.
function calledStatement(part: string): string | null {
  const text = trimEndChars(part.trim(), ' .,');
  if (!(text.endsWith('”') || text.endsWith('"'))) return null;
  const open = Math.max(text.lastIndexOf('“', text.length - 2), text.lastIndexOf('"', text.length - 2));
  if (open <= 0) return null;
  const object = text.slice(0, open).trimEnd();
  const quote = text.slice(open + 1, -1);
  if (!object || !quote || /[”"]/.test(quote)) return null;
  return `${object} is “${quote}”`;
}

/**
 * A sentence the article asserts in its own voice with a dated, checkable fact ("Kupol was placed under US sanctions in
 * December 2023.").
 */
function statesDatedFact(sentence: string): boolean {
  if (HEDGED.test(sentence) || !YEAR.test(sentence)) return false;
  return nlp(sentence).match('#Date').found;
}

// Words that open a clause inside a sentence, after which a new subject may report something.
const CLAUSE_OPENERS = new Set(['and', 'but', 'where', 'while', 'whereas', 'who', 'that', 'which']);
const RELATIVE_PRONOUNS = new Set(['who', 'that', 'which']);
// Adverbs between a subject and its verb ("some studies even suggest").
const SUBJECT_ADVERBS = new Set([
  'even',
  'also',
  'now',
  'still',
  'later',
  'earlier',
  'previously',
  'publicly',
  'privately',
  'further',
  'first',
  'again',
  'often',
  'repeatedly',
  'has',
  'have',
  'had',
]);
const MAX_SUBJECT_WORDS = 8;
const MAX_EMBEDDED_CANDIDATES = 6;

interface EmbeddedReport {
  attribution: Attribution;
  /** Where the clause holding the report begins (its opening word). */
  clauseAt: number;
}

/**
 * A report in a clause inside the sentence: "… and a hospital spokesman said Swanson was stable",
 * "…’ home, where she said she had more to give", "a ruling that said it had fixed prices", "May,
 * who said Ohio State was out, got the ruling". The subject sits between a clause opener (and, but,
 * where, while) and the verb, or — after who/that/which — is the noun phrase before the relative pronoun.
 */
function embeddedReport(
  sentence: string,
  masked: string,
  quotesIn: (start: number, end: number) => string[],
): EmbeddedReport | null {
  const verbs = new RegExp(`\\s${VERB}`, 'g');
  let tried = 0;
  for (let m = verbs.exec(masked); m && tried < MAX_EMBEDDED_CANDIDATES; m = verbs.exec(masked)) {
    tried++;
    const found = embeddedAt(sentence, masked, m, quotesIn);
    if (found) return found;
  }
  return null;
}

function embeddedAt(
  sentence: string,
  masked: string,
  m: RegExpExecArray,
  quotesIn: (start: number, end: number) => string[],
): EmbeddedReport | null {
  const verb = m[1];
  const before = [...masked.slice(0, m.index).matchAll(/[^\s,;—]+|[,;—]/g)].slice(-(MAX_SUBJECT_WORDS + 8));
  let opener = -1;
  for (let i = before.length - 1; i >= 0 && before.length - i <= MAX_SUBJECT_WORDS + 1; i--) {
    const word = before[i][0].toLowerCase();
    if (CLAUSE_OPENERS.has(word) || word === ';' || word === '—') {
      opener = i;
      break;
    }
  }
  if (opener < 0) return null;
  const openerWord = before[opener][0].toLowerCase();
  const subjectWords = before.slice(opener + 1).map((w) => w[0]);
  while (subjectWords.length > 0 && SUBJECT_ADVERBS.has(subjectWords[subjectWords.length - 1].toLowerCase()))
    subjectWords.pop();
  let claimant: string | null = null;
  if (subjectWords.length > 0) {
    if (subjectWords.includes(',') || subjectWords.some((w) => w.includes('_'))) return null;
    const start = before[opener + 1].index;
    const phrase = sentence.slice(start, start + masked.slice(start, m.index).trimEnd().length);
    const cleaned = withoutAuxiliaryTail(phrase);
    if (!cleaned || LONE_DETERMINER.test(cleaned) || !isClaimantPhrase(cleaned)) return null;
    if (!taggedAsVerb(cleaned, masked.slice(m.index, m.index + 60))) return null;
    claimant = cleaned;
  } else if (RELATIVE_PRONOUNS.has(openerWord)) {
    claimant = antecedentBefore(sentence, masked, before[opener].index);
  }
  if (!claimant) return null;
  const cursor = m.index + m[0].length;
  const afterVerb = skipRecipient(sentence, masked, cursor, verb);
  if (afterVerb === null) return null;
  const hasThat =
    /\bthat\s*$/i.test(sentence.slice(cursor, afterVerb)) || /^\s*that\s/i.test(sentence.slice(cursor, afterVerb + 1));
  if (NEEDS_THAT.has(verb) && !hasThat) return null;
  // A non-restrictive relative clause ("May, who said …, got the ruling") ends at its closing comma.
  const relative = RELATIVE_PRONOUNS.has(openerWord) && subjectWords.length === 0;
  const comma = relative ? masked.indexOf(',', afterVerb) : -1;
  const end = comma > afterVerb ? comma : sentence.length;
  const statement = sentence.slice(afterVerb, end);
  if (!hasThat && quotesIn(afterVerb, end).length === 0 && !hasFiniteVerb(statement)) return null;
  if (!plainStatement(statement)) return null;
  return {
    attribution: { statement, claimant, verb, quotes: quotesIn(afterVerb, end), fromQuote: false },
    clauseAt: before[opener].index,
  };
}

// "every state won’t": the word read as a reporting verb must be a verb in its context.
function taggedAsVerb(subject: string, verbAndAfter: string): boolean {
  const words = verbAndAfter.trim().split(/\s+/).slice(0, 4);
  const terms = (
    nlp(`${subject} ${words.join(' ')}`).json({ terms: { tags: true } }) as Array<{
      terms: Array<{ text: string; tags: string[] }>;
    }>
  ).flatMap((s) => s.terms);
  const at = subject.split(/\s+/).length;
  return terms.slice(at).some((t, i) => i < 3 && t.tags.includes('Verb') && isAttributionVerb(t.text.toLowerCase()));
}

function withoutAuxiliaryTail(phrase: string): string {
  const words = phrase.trim().split(/\s+/);
  while (words.length > 0 && SUBJECT_ADVERBS.has(words[words.length - 1].toLowerCase())) words.pop();
  return words.join(' ');
}

// "appealing a ruling that said …" → "a ruling": the longest short noun phrase ending before the relative pronoun.
function antecedentBefore(sentence: string, masked: string, at: number): string | null {
  const head = masked.slice(0, at).trimEnd().replace(/,$/, '');
  const words = [...head.matchAll(/\S+/g)].slice(-5);
  for (let i = 0; i < words.length; i++) {
    const start = words[i].index;
    const phrase = sentence.slice(start, head.length);
    if (phrase.includes('_') || masked.slice(start, head.length).includes(',')) continue;
    if (!/^(?:\p{Lu}|the\s|a\s|an\s)/iu.test(phrase) && !/^\p{Lu}/u.test(phrase)) continue;
    if (isClaimantPhrase(phrase) && !LONE_DETERMINER.test(phrase)) return phrase;
    // A single capitalised word inside the sentence is a name, whatever the tagger makes of it ("May").
    if (i === words.length - 1 && start > 0 && /^\p{Lu}[\p{L}'’-]+$/u.test(phrase)) return phrase;
  }
  return null;
}

/**
 * "Many people report X, and some studies suggest that Y": the report in the later clause ends the
 * earlier claim's statement there (what is left must still be a clause) and is a claim of its own.
 */
function withEmbedded(reported: Attribution[], embedded: EmbeddedReport | null, sentence: string): Attribution[] {
  if (!embedded || reported.length === 0) return reported;
  const last = reported[reported.length - 1];
  const at = sentence.indexOf(last.statement);
  if (at < 0 || embedded.clauseAt <= at || embedded.clauseAt >= at + last.statement.length) return reported;
  const cut = trimEndChars(sentence.slice(at, embedded.clauseAt), ' \t,;—');
  const kept = reported.slice(0, -1);
  if (last.quotes.length > 0 || hasFiniteVerb(cut)) kept.push({ ...last, statement: cut });
  return [...kept, embedded.attribution];
}

const PARTICIPLE_ALTERNATION = [...REPORTING_PARTICIPLES].sort((a, b) => b.length - a.length).join('|');
// "…, claiming …" / "— claiming …" / "… -- saying …": a participial clause set off from the main clause.
const PARTICIPLE_AFTER_BREAK = new RegExp(`(?:[,—–]|\\s--)[ \\t]?(${PARTICIPLE_ALTERNATION})\\b`);
// "released a statement saying …", "a lawsuit alleging …": the participle modifies what carries the words.
const PARTICIPLE_AFTER_DOCUMENT = new RegExp(
  `\\s(?:statement|letter|post|posting|tweet|release|report|ruling|filing|note|email|e-mail|message|complaint|lawsuit|suit|memo)\\s(${PARTICIPLE_ALTERNATION})\\b`,
);

/**
 * A participial clause that attributes: "Hachette waged a battle with Amazon — claiming the
 * e-tailer was a bully", "Amazon released a statement saying, “…”", "…,” he joked, adding that
 * filming was great". The claimant is the main attribution's, else the subject of the nearest
 * clause before the participle ("the case that the Department of Justice had leveled …, claiming").
 */
function participialReport(
  sentence: string,
  quoted: QuotedText,
  main: Attribution[],
): { attribution: Attribution; clauseAt: number } | null {
  const { masked } = quoted;
  const m = PARTICIPLE_AFTER_BREAK.exec(masked) ?? PARTICIPLE_AFTER_DOCUMENT.exec(masked);
  if (!m) return null;
  const verb = m[1];
  let start = m.index + m[0].length;
  const that = /^\s*(?:that\s+(?!(?:is|was|were|has|had|have|would|will|could|can|did|does)\s)|[,:]\s*)?/i.exec(
    sentence.slice(start, start + 40),
  );
  const hasThat = that !== null && /that/i.test(that[0]);
  start += that?.[0].length ?? 0;
  const end = contentEnd(masked) < sentence.length ? sentence.length : sentence.length;
  const statement = sentence.slice(start, end);
  const quotes = quoted.quotes.filter((q) => q.end > start).map((q) => q.text);
  if (!plainStatement(statement) || (!hasThat && quotes.length === 0 && !hasFiniteVerb(statement))) return null;
  const claimant = main.at(-1)?.claimant ?? clauseSubjectBefore(sentence, masked, m.index);
  if (claimant === undefined || claimant === null) return null;
  return { attribution: { statement, claimant, verb, quotes, fromQuote: false }, clauseAt: m.index };
}

// The subject of the clause a participle follows: after the last clause opener whose noun phrase has a verb, else the
// sentence's.
function clauseSubjectBefore(sentence: string, masked: string, at: number): string | null {
  const words = [...masked.slice(0, at).matchAll(/\S+/g)].slice(-30);
  for (let i = words.length - 2; i >= 0; i--) {
    if (!CLAUSE_OPENERS.has(words[i][0].toLowerCase())) continue;
    const from = words[i].index + words[i][0].length;
    const found = subjectWithVerb(sentence.slice(from, at), masked.slice(from, at));
    if (found) return found;
  }
  const body = withoutLeadingClauses(masked.slice(0, at));
  const bodyStart = at - body.length;
  return subjectWithVerb(sentence.slice(bodyStart, at), body);
}

// "the Department of Justice had leveled against …" → "the Department of Justice": a noun phrase and then a verb.
function subjectWithVerb(text: string, masked: string): string | null {
  const phrase = leadingNounPhrase(text.trimStart());
  if (!phrase || /[_,]/.test(phrase.phrase) || LONE_DETERMINER.test(phrase.phrase) || masked.includes('_')) return null;
  const next = phrase.rest.trimStart().split(/\s+/).slice(0, 3).join(' ');
  return next && taggedAsAnyVerb(`${phrase.phrase} ${next}`, phrase.phrase) ? phrase.phrase : null;
}

function taggedAsAnyVerb(text: string, subject: string): boolean {
  const terms = (nlp(text).json({ terms: { tags: true } }) as Array<{ terms: Array<{ tags: string[] }> }>).flatMap(
    (s) => s.terms,
  );
  return terms[subject.split(/\s+/).length]?.tags.includes('Verb') ?? false;
}
