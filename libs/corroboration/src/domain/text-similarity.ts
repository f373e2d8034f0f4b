const STOPWORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does for from had has have he her his i if in into is ' +
    'it its itself of on or our she so such than that the their them then there these they this those to too was ' +
    'we were what when where which while who whom why will with would you your not no nor also about after again ' +
    'against all any because before between both during each few more most other over own same some under until up ' +
    'very just now said says say told according'
  ).split(' '),
);

/** Light English stemming, enough to meet "supplying" with "supplies" and "drones" with "drone". */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith('ied')) return `${word.slice(0, -3)}y`;
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** The distinct content words of a text, lower-cased and stemmed, stopwords dropped. */
export function contentTokens(text: string): string[] {
  const words =
    text
      .toLowerCase()
      .normalize('NFKC')
      .match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [];
  const tokens = words
    .map((w) => w.replace(/['’]s$/, ''))
    .filter((w) => w.length > 1 && !STOPWORDS.has(w))
    .map(stem);
  return [...new Set(tokens)];
}

/** Share (0..1) of the claim's content words found in the passage. */
export function tokenOverlap(claim: string, passage: string): number {
  const wanted = contentTokens(claim);
  if (wanted.length === 0) return 0;
  const present = new Set(contentTokens(passage));
  return wanted.filter((t) => present.has(t)).length / wanted.length;
}

function trigrams(text: string): Set<string> {
  const grams = new Set<string>();
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  }
  return grams;
}

/** pg_trgm's `similarity()`: shared trigrams over all trigrams of both texts (0..1). */
export function trigramSimilarity(a: string, b: string): number {
  const ga = trigrams(a);
  const gb = trigrams(b);
  if (ga.size === 0 || gb.size === 0) return 0;
  let shared = 0;
  for (const g of ga) if (gb.has(g)) shared++;
  return shared / (ga.size + gb.size - shared);
}

/**
 * How much a passage is about the claim (0..1): the better of content-word overlap
 * (robust to rewording around the same words) and trigram similarity (robust to
 * inflection and near-verbatim copies).
 */
export function relevance(claim: string, passage: string): number {
  return Math.max(tokenOverlap(claim, passage), trigramSimilarity(claim, passage));
}
