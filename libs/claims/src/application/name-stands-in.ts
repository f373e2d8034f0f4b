/** A letter, digit or underscore in any script: what Postgres's `\w` is in a UTF-8 database. */
const WORD_CHARACTER = /[\p{L}\p{N}_]/u;

/** A registry name without a leading "The" ("The White House" stands in "a White House spokesperson"). */
export function bareName(name: string): string {
  return name.replace(/^the\s+/i, '');
}

/**
 * Whether `name` (without a leading "The", 3 characters or more) stands as whole words in
 * `text`, in any case — what `findSpokenFor`'s SQL asks with `~* '(^|\W)name(\W|$)'`, here
 * without a regular expression built from the name: every occurrence is checked for word
 * characters either side, so it is linear in the text for each name.
 */
export function nameStandsIn(text: string, name: string): boolean {
  const bare = bareName(name);
  if ([...bare].length < 3) return false;
  const haystack = text.toLowerCase();
  const needle = bare.toLowerCase();
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    const before = at === 0 ? '' : haystack[at - 1];
    const after = haystack[at + needle.length] ?? '';
    if (!WORD_CHARACTER.test(before) && !WORD_CHARACTER.test(after)) return true;
  }
  return false;
}
