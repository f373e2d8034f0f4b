import { contentTokens } from './text-similarity';

/** Someone speaking for an organisation, qualified by who they are: "the Chinese embassy", "a Kremlin spokesperson". */
const SPEAKER =
  /\b((?:[\p{Lu}][\p{L}’'-]*\s+){1,3})(?:embassy|government|foreign ministry|ministry|spokesperson|spokesman|spokeswoman|company|firm|officials?|authorities)\b|\b(?:spokesperson|spokesman|spokeswoman|representative) for (?:the )?((?:[\p{Lu}][\p{L}’'-]*\s*){1,3})/gu;
/** A reporting verb shortly after the speaker: the speaker is the one responding. */
const RESPONDS =
  /^[^.;“”"]{0,40}?\b(?:said|says|told|den(?:y|ies|ied)|rejected|responded|replied|insisted|stated|added|called)\b/i;

/** Same word or the same 4-letter stem: "China" and "Chinese", "Russia" and "Russian". */
function sameName(a: string, b: string): boolean {
  return a === b || (a.length >= 5 && b.length >= 5 && a.slice(0, 4) === b.slice(0, 4));
}

/**
 * Whether the passage reports a response by the claim's own subject: a speaker for an
 * organisation whose qualifier ("Chinese" embassy) names something the claim is about.
 * Such a denial is recorded as the subject's, and the policy weighs it lower.
 */
export function isSubjectResponse(claim: string, passage: string): boolean {
  const claimWords = contentTokens(claim);
  for (const match of passage.matchAll(SPEAKER)) {
    if (!RESPONDS.test(passage.slice(match.index + match[0].length))) continue;
    const qualifier = contentTokens(match[1] ?? match[2] ?? '');
    if (qualifier.some((q) => claimWords.some((c) => sameName(q, c)))) return true;
  }
  return false;
}

/** Words that make a publisher an institution speaking for itself, not a news outlet. */
const INSTITUTION = new Set([
  'embassy',
  'ministry',
  'government',
  'consulate',
  'mission',
  'presidency',
  'kremlin',
  'spokesperson',
]);

/**
 * Whether the publisher is itself the claim's subject speaking: an institution
 * ("chinese-foreign-ministry", "Chinese Embassy") qualified by a name the claim is about.
 */
export function isSubjectPublisher(claim: string, publisher: string): boolean {
  const words = publisher
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
  if (!words.some((w) => INSTITUTION.has(w))) return false;
  const claimWords = contentTokens(claim);
  return words.some((w) => !INSTITUTION.has(w) && w.length >= 4 && claimWords.some((c) => sameName(w, c)));
}
