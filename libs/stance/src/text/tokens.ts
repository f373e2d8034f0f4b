/**
 * Tokens and sentences, shared by training and inference so both read text the same way.
 * Every pattern here is a single character class or a fixed word: linear time on any input.
 */

const WORD = /[\p{L}\p{N}]+/gu;
// "didn't" → "did not": the negation must survive as its own token.
const CONTRACTED_NOT = /n['’]t\b/giu;
// A run of stops is tried once, from its start (the lookbehind): linear on "....." without a space.
const SENTENCE_END = /(?<![.!?])[.!?]+["'”’)\]]*\s+|\n+/gu;

/** Lower-cased word tokens, contractions of "not" spelled out. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().replace(CONTRACTED_NOT, ' not').match(WORD) ?? [];
}

/** A sentence of a text, with where it starts (for excerpts). */
export interface Sentence {
  text: string;
  start: number;
}

/** Sentences split at terminal punctuation followed by space, and at line breaks. */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let start = 0;
  for (const match of text.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length;
    pushTrimmed(sentences, text, start, end);
    start = end;
  }
  pushTrimmed(sentences, text, start, text.length);
  return sentences;
}

function pushTrimmed(into: Sentence[], text: string, start: number, end: number): void {
  const raw = text.slice(start, end);
  const trimmed = raw.trim();
  if (trimmed.length === 0) return;
  into.push({ text: trimmed, start: start + raw.indexOf(trimmed[0]) });
}

/** Function words left out of the bag of words. Negations are kept: they carry stance. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both ' +
    'but by can could did do does doing down during each few for from further had has have having he her here hers ' +
    'herself him himself his how i if in into is it its itself just me more most my myself of off on once only or ' +
    'other our ours ourselves out over own same she should so some such than that the their theirs them themselves ' +
    'then there these they this those through to too under until up very was we were what when where which while ' +
    'who whom why will with would you your yours yourself yourselves s t also said says say one two new like get ' +
    'got us may might must shall 000'
  ).split(' '),
);

/** Content tokens: tokens that are not stopwords. */
export function contentTokens(tokens: readonly string[]): string[] {
  return tokens.filter((t) => !STOPWORDS.has(t));
}
