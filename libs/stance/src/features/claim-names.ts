import type { AnalysedText } from './analysed-text';

const WORD = /[\p{L}\p{N}]+/gu;
const CAPITALISED = /^\p{Lu}/u;
/** Names match on their first letters, so "China" and "Chinese", "Russia" and "Russian" meet. */
const KEY_LENGTH = 4;
/** A claim written in title case ("Man Saw Spider…") has no telling capitals. */
const TITLE_CASE_SHARE = 0.5;
/** Capitalised by convention, not actors: "in October" names no one. */
const CALENDAR = new Set(
  (
    'january february march april may june july august september october november december ' +
    'monday tuesday wednesday thursday friday saturday sunday'
  ).split(' '),
);

/** The claim's named actors (capitalised words after its first) and which of them an article names. */
export interface ClaimNames {
  names: string[];
  found: string[];
  /** Month and day names of the claim: neither actors nor what the claim is about. */
  calendar: string[];
}

/**
 * A relatedness guard: an article about another story rarely names the claim's actors. "A programme
 * in China to deliver attack drones to Russia" and an article on drones mapping a hurricane share
 * "drone" and "deliveries", not "China" or "Russia". Names are capitalised words after the claim's
 * first word; a title-case claim has none that tell, so it names nothing here.
 */
export function claimNames(claim: AnalysedText, body: AnalysedText): ClaimNames {
  const words = claim.text.match(WORD) ?? [];
  const calendar = words.filter((w) => CALENDAR.has(w.toLowerCase()));
  const capitalised = words.slice(1).filter((w) => CAPITALISED.test(w) && !CALENDAR.has(w.toLowerCase()));
  if (words.length === 0 || capitalised.length / words.length > TITLE_CASE_SHARE)
    return { names: [], found: [], calendar };
  const names = [...new Set(capitalised)];
  const keys = nameKeys(names);
  const present = new Set<string>();
  for (const token of body.tokens) {
    const key = keyOf(token);
    if (keys.has(key)) present.add(key);
  }
  return { names, found: names.filter((name) => present.has(keyOf(name.toLowerCase()))), calendar };
}

/** The matching keys of names (what `claimTermsTogether` leaves out when it asks for a word that is not a name). */
export function nameKeys(names: readonly string[]): Set<string> {
  return new Set(names.map((name) => keyOf(name.toLowerCase())));
}

function keyOf(token: string): string {
  return token.slice(0, KEY_LENGTH);
}
