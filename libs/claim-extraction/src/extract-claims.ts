import nlp from 'compromise';
import { articleSentences, ArticleSentence } from './article-sentences';
import { ClaimAttribution, classifyAttribution } from './attribution';
import { ClaimantResolver, leadingNounPhrase, withoutLeadingClauses } from './claimant';
import { plainStatement, quotedText, QuotedText } from './quoted-text';

/** An attributed claim found in an article. */
export interface ExtractedClaim {
  /** The claim itself, without its attribution or quotation marks. */
  statement: string;
  /** Who made it, as the article first names them ("a western official", "Reuters"); back-references resolved. */
  claimant: string;
  /** How it was attributed: said, told, alleged, reported, confirmed, denied, added, revealed, "not aware", reportedly, stated (the publisher's own voice), ... */
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

const VERBS =
  'said|says|told|tells|added|adds|alleged|alleges|reported|reports|confirmed|confirms|denied|denies|revealed|reveals|claimed|claims|stated|states|insisted|insists|warned|warns|acknowledged|admitted|announced|argued|accused|called|found|finds|concluded|concludes|show|shows|showed';
const VERB = `(?:(?:has|have|had)\\s+)?(?:(?:previously|also|first|later|repeatedly|earlier)\\s+)?(${VERBS})\\b`;

// “…,” the official said.  /  “…,” said the official.
const QUOTE_THEN_SPEAKER = new RegExp(`^[_\\s,.!?]*_[,\\s]+(.+?)\\s+${VERB}(\\s+[^_]*)?\\.?$`);
const QUOTE_THEN_VERB = /^[_\s,.!?]*_[,\s]+(said|added|says|adds)\s+([^_]+?)\.?$/;
// …, a western official has told Sky News.  /  …, it was alleged.  /  …, according to X.
const TRAILING_SPEAKER = new RegExp(`^(.+),\\s+([^,]{2,80}?)\\s+${VERB}(\\s+[^,]*)?(?:,\\s+(?:citing|quoting|adding)\\s.*)?\\.$`);
const TRAILING_AGENTLESS = /^(.+),\s+it\s+(?:was|is|has been)\s+(alleged|reported|claimed|understood)\.$/i;
const TRAILING_ACCORDING = /^(.+),\s+according\s+to\s+([^,]+)\.$/i;
const LEADING_ACCORDING = /^according\s+to\s+([^,]+),\s+(.+)$/i;
// The claim about … was first reported by X.
const PASSIVE = /^the\s+(?:claim|allegation|report|reports)\s+(?:about|that|of)\s+(.+?)\s+(?:was|were)\s+(?:first\s+|later\s+|also\s+)?(reported|made|alleged|revealed)\s+by\s+(.+)\.$/i;
const HEDGE = /\b(?:can|could|is|are|was|were|has|have|had|will|would|may)\s+(reportedly|allegedly)\s+/i;
const COORDINATED = new RegExp(`\\s+and\\s+(?:${VERB})\\s+(?:that\\s+)?`);
const RECIPIENT = /^\s*((?:the\s+)?(?:\p{Lu}[\w-]*\s*)+|reporters|journalists|the broadcaster|the newspaper|the agency)(?=\s|$|,|:)/u;
const NOT_AWARE = /^(?:it|they|he|she|we|the\s[\w\s]+?)\s+(?:was|were|is|are|had been)\s+not\s+aware\b/i;
const ACCORDING_TAIL = /,\s+according\s+to\s+[^,]+(?:,[^,]+)*$/i;
const HEDGED = /\b(?:would|could|might|may|should|if)\b/i;
const YEAR = /\b(?:19|20)\d\d\b/;
const OPENING_QUOTE = /^[“"]/;

interface Attribution {
  statement: string;
  /** The phrase naming the claimant; null when the text names none ("it was alleged", "reportedly"). */
  claimant: string | null;
  verb: string;
  /** Quoted passages belonging to the statement. */
  quotes: string[];
}

interface Speaker {
  claimant: string;
  verb: string;
}

/**
 * Finds the attributed claims in an article: direct quotes with the attribution before or
 * after them (and quotes that run on into following paragraphs), reported speech ("X
 * reported that …", "…, a western official has told Sky News", "according to …", "it was
 * alleged"), and dated facts the article states in its own voice (claimed by the publisher).
 * Back-references ("the official", "the embassy", "it") resolve to the claimant's first
 * mention. Headlines and teasers scraped into the text yield nothing.
 */
export function extractClaims(text: string, options: ExtractClaimsOptions): ExtractedClaim[] {
  const resolver = new ClaimantResolver();
  const claims = options.title ? headlineClaims(options.title, resolver, options.publisher) : [];
  // Who is speaking: a bare quote continues the last attributed speaker of its paragraph, or
  // of the previous paragraph when that one ended inside a quotation this one reopens.
  let speaker: Speaker | null = null;
  let inQuote = false;
  let paragraph = -1;

  for (const sentence of articleSentences(text)) {
    const opensWithQuote = OPENING_QUOTE.test(sentence.text);
    if (sentence.paragraph !== paragraph) {
      paragraph = sentence.paragraph;
      if (!(inQuote && opensWithQuote)) speaker = null;
      inQuote = false;
    }
    const quoted = quotedText(sentence.text, inQuote);
    const found = attributionsOf(sentence.text, quoted);
    if (found.length > 0) {
      for (const a of found) {
        const claimant = a.claimant === null ? (resolver.lastReporter() ?? options.publisher) : resolver.resolve(a.claimant, a.verb);
        claims.push(claimOf(a, claimant, sentence));
        speaker = { claimant, verb: a.verb };
      }
    } else if (speaker && (inQuote || opensWithQuote) && quoted.quotes.length > 0) {
      const statement = quoted.quotes.map((q) => q.text).join(' ');
      claims.push(claimOf({ statement, claimant: speaker.claimant, verb: speaker.verb, quotes: [statement] }, speaker.claimant, sentence));
    } else {
      speaker = null;
      if (quoted.quotes.length === 0 && statesDatedFact(sentence.text)) {
        claims.push(claimOf({ statement: sentence.text, claimant: options.publisher, verb: 'stated', quotes: [] }, options.publisher, sentence));
      }
    }
    inQuote = quoted.endsInQuote;
  }
  return claims;
}

/** A headline is one sentence without its final stop ("Kyiv denies role in blast, official says"). */
function headlineClaims(title: string, resolver: ClaimantResolver, publisher: string): ExtractedClaim[] {
  const text = title.trim();
  const asSentence = /[.!?]$/.test(text) ? text : `${text}.`;
  return attributionsOf(asSentence, quotedText(asSentence, false)).map((a) => {
    const claimant = a.claimant === null ? publisher : resolver.resolve(a.claimant, a.verb);
    return { ...claimOf(a, claimant, { text, offset: 0, paragraph: -1 }), part: 'title' as const };
  });
}

function claimOf(a: Attribution, claimant: string, sentence: ArticleSentence): ExtractedClaim {
  const statement = plainStatement(a.statement);
  const verb = NOT_AWARE.test(statement) ? 'not aware' : a.verb;
  const quotes = a.quotes.map((q) => q.replace(/[\s,.]+$/, '')).filter(Boolean);
  const quote = quotes.length ? quotes.join(' … ') : null;
  const attribution = classifyAttribution(verb, statement, quote);
  return { statement, claimant, attributionVerb: verb, attribution, quote, part: 'body', sentence: sentence.text, offset: sentence.offset };
}

function attributionsOf(sentence: string, quoted: QuotedText): Attribution[] {
  const { masked } = quoted;
  const quotesIn = (start: number, end: number) => quoted.quotes.filter((q) => q.start >= start && q.end <= end).map((q) => q.text);

  if (quoted.quotes.length > 0 && quoted.quotes[0].start <= 1) {
    const speakerFirst = QUOTE_THEN_SPEAKER.exec(masked);
    const verbFirst = QUOTE_THEN_VERB.exec(masked);
    const [claimant, verb] = speakerFirst ? [speakerFirst[1], speakerFirst[2]] : verbFirst ? [verbFirst[2], verbFirst[1]] : [];
    if (claimant && verb && leadingNounPhrase(claimant.trim())?.phrase === claimant.trim()) {
      const statement = quoted.quotes.map((q) => q.text).join(' ');
      return [{ statement, claimant: claimant.trim(), verb, quotes: [statement] }];
    }
  }

  const passive = PASSIVE.exec(masked);
  if (passive) {
    const start = masked.indexOf(passive[1]);
    const verb = passive[2].toLowerCase() === 'made' ? 'reported' : passive[2].toLowerCase();
    return [{ statement: sentence.slice(start, start + passive[1].length), claimant: sentence.slice(masked.lastIndexOf(passive[3]), -1), verb, quotes: [] }];
  }

  const agentless = TRAILING_AGENTLESS.exec(masked);
  if (agentless) {
    const statement = sentence.slice(0, agentless[1].length);
    return [{ statement, claimant: null, verb: agentless[2].toLowerCase(), quotes: quotesIn(0, agentless[1].length) }];
  }

  const reported = reportedSpeech(sentence, masked, quotesIn);
  if (reported.length > 0) return reported;

  const trailing = TRAILING_SPEAKER.exec(masked);
  if (trailing && leadingNounPhrase(trailing[2])?.phrase === trailing[2].trim()) {
    return [{ statement: sentence.slice(0, trailing[1].length), claimant: trailing[2], verb: trailing[3], quotes: quotesIn(0, trailing[1].length) }];
  }
  const according = TRAILING_ACCORDING.exec(masked);
  if (according) {
    return [{ statement: sentence.slice(0, according[1].length), claimant: according[2], verb: 'according to', quotes: quotesIn(0, according[1].length) }];
  }

  const leading = LEADING_ACCORDING.exec(masked);
  if (leading) {
    const start = masked.length - leading[2].length;
    const claimantAt = masked.indexOf(leading[1]);
    return [{ statement: sentence.slice(start), claimant: sentence.slice(claimantAt, claimantAt + leading[1].length), verb: 'according to', quotes: quotesIn(start, sentence.length) }];
  }

  const hedge = HEDGE.exec(masked);
  if (hedge) {
    const at = hedge.index + hedge[0].length - hedge[1].length - 1;
    const statement = sentence.slice(0, at).trimEnd() + ' ' + sentence.slice(at + hedge[1].length + 1).trimStart();
    return [{ statement, claimant: null, verb: hedge[1].toLowerCase(), quotes: quotesIn(0, sentence.length) }];
  }
  return [];
}

/**
 * "Subject [has] verb [recipient] [that] statement", where the subject is the noun phrase
 * the sentence opens with (after any leading clause) and nothing but auxiliaries or a
 * coordinated verb phrase ("expressed concern but") stands between it and the verb.
 * A second coordinated attribution ("… and revealed that …") yields a second claim.
 */
function reportedSpeech(sentence: string, masked: string, quotesIn: (start: number, end: number) => string[]): Attribution[] {
  const body = withoutLeadingClauses(masked);
  const bodyStart = masked.length - body.length;
  const verb = new RegExp(`\\s${VERB}`).exec(body);
  if (!verb) return [];
  const subject = leadingNounPhrase(sentence.slice(bodyStart, bodyStart + verb.index + 1));
  if (!subject) return [];
  const between = subject.rest.replace(/^[\s,]+/, '').trim();
  // Allowed between subject and verb: a coordinated verb phrase ("expressed concern but") or a relative clause (", who …,").
  if (between && !/^(?:[\w-]+\s+){0,3}[\w-]+\s+(?:but|and)$/i.test(between) && !/^(?:who|which|whose)\b[^,]*,$/i.test(between)) return [];

  let cursor = bodyStart + verb.index + verb[0].length;
  const results: Attribution[] = [];
  let current = verb[1];
  for (;;) {
    cursor = skipRecipient(sentence, masked, cursor, current);
    const rest = masked.slice(cursor);
    const next = COORDINATED.exec(rest);
    const end = next ? cursor + next.index : sentence.length;
    let part = sentence.slice(cursor, end);
    const maskedPart = masked.slice(cursor, end);
    const tail = ACCORDING_TAIL.exec(maskedPart);
    if (tail) part = part.slice(0, tail.index);
    const statement = current === 'called' ? calledStatement(part) : part;
    if (statement === null) return results;
    // "accused China of providing …" claims "China providing …".
    const claim = current === 'accused' ? statement.replace(/^(.+?)\s+of\s+/, '$1 ') : statement;
    if (plainStatement(claim)) results.push({ statement: claim, claimant: subject.phrase, verb: current, quotes: quotesIn(cursor, end) });
    if (!next) return results;
    current = next[1];
    cursor += next.index + next[0].length;
  }
}

// "told Sky News that …": the recipient and "that" are not part of the claim.
function skipRecipient(sentence: string, masked: string, cursor: number, verb: string): number {
  let at = cursor;
  if (verb === 'told' || verb === 'tells') {
    const recipient = RECIPIENT.exec(masked.slice(at));
    if (recipient) at += recipient[0].length;
  }
  const that = /^\s*(?:that\s+|:\s*)/i.exec(sentence.slice(at));
  return that ? at + that[0].length : at + (/^\s*/.exec(sentence.slice(at))?.[0].length ?? 0);
}

// "called the allegation “deeply concerning”" → "the allegation is deeply concerning"; "called for talks" is no claim.
function calledStatement(part: string): string | null {
  const m = /^(.+?)\s+[“"]([^”"]+)[”"]\s*[.,]?\s*$/.exec(part.trim());
  return m ? `${m[1]} is “${m[2]}”` : null;
}

/** A sentence the article asserts in its own voice with a dated, checkable fact ("Kupol was placed under US sanctions in December 2023."). */
function statesDatedFact(sentence: string): boolean {
  if (HEDGED.test(sentence) || !YEAR.test(sentence)) return false;
  return nlp(sentence).match('#Date').found;
}
