import { trimEndChars } from './quoted-text';

/**
 * Attributions that follow their statement, found by scanning words rather than by a
 * backtracking regex (a sentence costs time linear in its length, times a constant):
 *
 * - verb first:    `“…,” said John Herrmann, director of …, who tracks …`  /  `…, said Mark Zandi, chief economist.`
 * - speaker first: `…, Herrmann said.`  /  `…, a western official has told Sky News.`  /  `…, Labor Department data
 *   show.`
 * - parenthetical: `He keeps the tapes in the car, Matie explains, just in case …`  /  `The motive, police said:
 *   obsessive love.`
 *
 * Works on the sentence with its quotations masked (`_`), so nothing inside quotation marks is read as attribution.
 */
export interface TrailingAttribution {
  /** The statement is the sentence before this index … */
  statementEnd: number;
  /** … and, for a parenthetical attribution, continues from this index. */
  resumeAt: number | null;
  claimant: string;
  verb: string;
  /** Words between the verb and the end of the sentence ("said on Wednesday" → 2). */
  tailWords: number;
}

export interface VerbTest {
  (word: string): boolean;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}’'.-]*/gu;
const AUXILIARIES = new Set([
  'has',
  'have',
  'had',
  'previously',
  'also',
  'first',
  'later',
  'repeatedly',
  'earlier',
  'then',
  'once',
  'again',
]);
// The words a short trailing adverbial may hold after the verb ("said Wednesday", "said in a statement", "told Sky
// News").
const MAX_TAIL_WORDS = 9;
const MAX_TAIL_WORDS_AFTER_QUOTE = 24;
const MAX_SPEAKER_CHARS = 80;
// Candidate verbs tried per sentence: bounds the work on pathological input ("said, said, said, …").
const MAX_CANDIDATES = 12;

interface Word {
  text: string;
  start: number;
  end: number;
}

function wordsOf(text: string): Word[] {
  return [...text.matchAll(WORD)].map((m) => {
    const text = trimEndChars(m[0], '.');
    return { text, start: m.index, end: m.index + text.length };
  });
}

/** Where the sentence's content ends: before the final stop, closing marks and a trailing `[bracketed aside]`. */
export function contentEnd(masked: string): number {
  let end = masked.length;
  for (;;) {
    while (end > 0 && /[\s.!]/.test(masked[end - 1])) end--;
    if (end > 0 && masked[end - 1] === ']') {
      const open = masked.lastIndexOf('[', end - 1);
      if (open > 0) {
        end = open;
        continue;
      }
    }
    return end;
  }
}

/** The previous non-space character before `i` (or '' at the start). */
function previousMark(text: string, i: number): { char: string; at: number } {
  let k = i - 1;
  while (k >= 0 && (text[k] === ' ' || text[k] === '\t')) k--;
  return { char: k >= 0 ? text[k] : '', at: k };
}

/**
 * Finds an attribution after the statement. `isVerb` says which words attribute;
 * `isSpeaker` checks that a phrase is a whole noun phrase (a claimant).
 */
export function trailingAttribution(
  masked: string,
  isVerb: VerbTest,
  isSpeaker: (phrase: string) => boolean,
): TrailingAttribution | null {
  const end = contentEnd(masked);
  const words = wordsOf(masked.slice(0, end));
  return verbFirst(masked, end, words, isVerb, isSpeaker) ?? speakerFirst(masked, end, words, isVerb, isSpeaker);
}

// `…,” said Yearout, 51, co-owner …` : the verb right after the statement's comma or quotation, the speaker up to the
// next comma.
function verbFirst(
  masked: string,
  end: number,
  words: Word[],
  isVerb: VerbTest,
  isSpeaker: (p: string) => boolean,
): TrailingAttribution | null {
  // nextComma[i]: the first comma at or after character i (or `end`), found in one pass.
  const nextComma = new Int32Array(end + 1);
  let next = end;
  for (let i = end; i >= 0; i--) {
    if (i < end && masked[i] === ',') next = i;
    nextComma[i] = next;
  }
  let tried = 0;
  for (let i = 0; i < words.length - 1 && tried < MAX_CANDIDATES; i++) {
    const w = words[i];
    if (!isVerb(w.text)) continue;
    const before = previousMark(masked, w.start);
    if (before.char !== ',' && before.char !== '_') continue;
    tried++;
    const speakerEnd = nextComma[Math.min(w.end, end)];
    const speaker = masked.slice(w.end, speakerEnd).trim();
    if (speaker.length < 2 || speaker.length > MAX_SPEAKER_CHARS || speaker.includes('_') || !isSpeaker(speaker))
      continue;
    return {
      statementEnd: before.char === ',' ? before.at : before.at + 1,
      resumeAt: null,
      claimant: speaker,
      verb: w.text,
      tailWords: 0,
    };
  }
  return null;
}

// `…, Herrmann said [Wednesday].` / `…, Matie explains, just in case …`: the last verb whose speaker sits between a
// comma and it.
function speakerFirst(
  masked: string,
  end: number,
  words: Word[],
  isVerb: VerbTest,
  isSpeaker: (p: string) => boolean,
): TrailingAttribution | null {
  // lastSeparator[i]: the last comma or quotation end before character i, found in one pass.
  const lastSeparator = new Int32Array(end + 1);
  let last = -1;
  for (let i = 0; i <= end; i++) {
    lastSeparator[i] = last;
    if (i < end && (masked[i] === ',' || masked[i] === '—' || (masked[i] === '_' && masked[i + 1] !== '_'))) last = i;
  }
  let tried = 0;
  for (let i = words.length - 1; i > 0 && tried < MAX_CANDIDATES; i--) {
    const w = words[i];
    if (!isVerb(w.text)) continue;
    const separator = lastSeparator[w.start];
    if (separator <= 0) continue;
    tried++;
    const found = speakerBefore(masked, separator, w.start, lastSeparator, isSpeaker);
    if (!found) continue;
    const fullTail = masked.slice(w.end, end);
    // "…, Reuters reported on Wednesday, citing two sources": what follows "citing" is the report's sourcing.
    const citing = /,\s*(?:citing|quoting|adding)\s/.exec(fullTail);
    const tail = citing ? fullTail.slice(0, citing.index) : fullTail;
    if (tail.includes('_')) continue;
    const resumeAt = citing ? null : parentheticalResume(masked, w.end, end);
    // Right after a closing quotation (“…,” Isaac told Fox News during an interview that …) the speaker
    // is certain, so a longer adverbial may follow the verb.
    const maxTail = masked[found.separator] === '_' ? MAX_TAIL_WORDS_AFTER_QUOTE : MAX_TAIL_WORDS;
    const tailWords = wordsOf(tail).length;
    if (resumeAt === null && tailWords > maxTail) continue;
    const statementEnd = masked[found.separator] === '_' ? found.separator + 1 : found.separator;
    return { statementEnd, resumeAt, claimant: found.speaker, verb: w.text, tailWords };
  }
  return null;
}

/**
 * The speaker between the separator before the verb and the verb: `…, Herrmann said`; or, when the verb
 * follows a comma directly, a name with its appositive set off by commas (`…,” Demetric Mercadel,
 * president of the board, said`), whose appositive is dropped.
 */
function speakerBefore(
  masked: string,
  separator: number,
  verbStart: number,
  lastSeparator: Int32Array,
  isSpeaker: (p: string) => boolean,
): { speaker: string; separator: number } | null {
  const speaker = withoutAuxiliaries(masked.slice(separator + 1, verbStart).trim());
  if (speaker.length >= 2) return plausibleSpeaker(speaker, isSpeaker) ? { speaker, separator } : null;
  if (masked[separator] !== ',') return null;
  const appositiveStart = lastSeparator[separator];
  if (appositiveStart <= 0 || masked[appositiveStart] !== ',') return null;
  const appositive = masked.slice(appositiveStart + 1, separator).trim();
  if (appositive.length > MAX_SPEAKER_CHARS || !APPOSITIVE_OPENING.test(appositive)) return null;
  const nameStart = lastSeparator[appositiveStart];
  if (nameStart < 0) return null;
  const name = masked.slice(nameStart + 1, appositiveStart).trim();
  return plausibleSpeaker(name, isSpeaker) ? { speaker: name, separator: nameStart } : null;
}

// An appositive after a name: a role in lower case ("president of …"), a description ("a former …"), or an age.
const APPOSITIVE_OPENING = /^(?:\p{Ll}|\d)/u;

function plausibleSpeaker(speaker: string, isSpeaker: (p: string) => boolean): boolean {
  return speaker.length >= 2 && speaker.length <= MAX_SPEAKER_CHARS && !speaker.includes('_') && isSpeaker(speaker);
}

// After "…, Matie explains," or "…, police said:" the statement goes on (at least two more words).
function parentheticalResume(masked: string, from: number, end: number): number | null {
  let k = from;
  while (k < end && masked[k] === ' ') k++;
  if (masked[k] !== ',' && masked[k] !== ':') return null;
  const rest = masked.slice(k + 1, end);
  if (/^\s*(?:citing|quoting|adding|according)\b/.test(rest)) return null;
  return wordsOf(rest).length >= 2 ? k + 1 : null;
}

function withoutAuxiliaries(phrase: string): string {
  const words = phrase.split(' ');
  while (words.length > 0 && AUXILIARIES.has(words[words.length - 1].toLowerCase())) words.pop();
  return words.join(' ').trim();
}
