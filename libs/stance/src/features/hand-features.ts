import type { AnalysedText } from './analysed-text';
import { HEDGING_WORDS, NEGATION_WORDS, REFUTING_WORDS, SUPPORTING_WORDS } from './lexicons';

/** What the hand features need of the feature space: term weights. */
export interface TermWeights {
  idfOf(term: string): number;
}

/** The hand features' values (each about 0..1) and how to describe each to an editor. */
export interface HandFeatures {
  values: number[];
  describe(i: number): string;
  /** Each body sentence's TF-IDF cosine with the claim (0 when it shares no claim term); passages reuse it. */
  sentenceCloseness: number[];
}

/** Distinct terms: a Set, or the keys of a bag of words. */
type TermSet = Pick<ReadonlySet<string>, 'has' | 'keys'>;

/** The hand features, in input order. */
export const HAND_FEATURE_NAMES = [
  'cosine',
  'lead-cosine',
  'best-sentence-cosine',
  'claim-terms-in-body',
  'claim-terms-in-lead',
  'claim-bigrams-in-body',
  'refuting-words',
  'refuting-near-claim',
  'refuting-in-claim',
  'hedging-words',
  'hedging-in-claim',
  'negation-near-claim',
  'negation-in-claim',
  'supporting-near-claim',
  'claim-numbers-found',
  'claim-numbers-missing',
  'claim-question',
  'refuting-in-best-sentences',
  'negation-in-best-sentences',
  'body-length',
] as const;

/** Body tokens this close to one of the claim's own terms are "near the claim". */
const NEAR_WINDOW = 8;
const BEST_SENTENCES = 3;
const NUMBER = /^\p{N}+$/u;

/** A count squashed to 0..1: 0 → 0, 1 → 0.23, 20 → 1. */
const squash = (count: number) => Math.min(1, Math.log1p(count) / Math.log(21));

export function handFeatures(claim: AnalysedText, body: AnalysedText, weights: TermWeights): HandFeatures {
  const claimTerms = claim.contentCounts;
  const bodyTerms = body.contentCounts;
  const claimWeights = weighted(claim.contentCounts, weights);

  // A sentence sharing no claim term has cosine 0: skip building its weights (most sentences of a long article).
  // One map serves every sentence: this runs for every sentence of every candidate of every claim.
  const scratch = new Map<string, number>();
  const sentenceScores = body.sentences.map((s, i) => ({
    i,
    score: s.content.some((t) => claimTerms.has(t)) ? cosine(claimWeights, tfidf(s.content, weights, scratch)) : 0,
  }));
  const best = [...sentenceScores].sort((a, b) => b.score - a.score || a.i - b.i).slice(0, BEST_SENTENCES);
  const bestTokens = best.flatMap(({ i }) => body.sentences[i].content);

  const near = nearClaim(body.tokens, claimTerms);
  const refutingNear = near.filter((t) => REFUTING_WORDS.has(t));
  const negationNear = near.filter((t) => NEGATION_WORDS.has(t));
  const supportingNear = near.filter((t) => SUPPORTING_WORDS.has(t));
  const claimRefuting = claim.tokens.filter((t) => REFUTING_WORDS.has(t));
  const claimHedging = claim.tokens.filter((t) => HEDGING_WORDS.has(t));
  const claimNegation = claim.tokens.filter((t) => NEGATION_WORDS.has(t));
  const { refuting: bodyRefuting, hedging: bodyHedging, numbers: bodyNumbers } = scanBody(body.tokens);
  const bestRefuting = bestTokens.filter((t) => REFUTING_WORDS.has(t));
  const bestNegation = bestTokens.filter((t) => NEGATION_WORDS.has(t));

  const claimNumbers = [...new Set(claim.tokens.filter(isNumber))];
  const found = claimNumbers.filter((n) => bodyNumbers.has(n));
  const missing = bodyNumbers.size > 0 ? claimNumbers.filter((n) => !bodyNumbers.has(n)) : [];

  const values = [
    cosine(claimWeights, weighted(body.contentCounts, weights)),
    cosine(claimWeights, tfidf(body.lead, weights, scratch)),
    best.length > 0 ? best[0].score : 0,
    weightedShare(claimTerms, bodyTerms, weights),
    weightedShare(claimTerms, new Set(body.lead), weights),
    bigramShare(claim.content, body.content),
    squash(bodyRefuting.length),
    squash(refutingNear.length),
    Math.min(1, claimRefuting.length),
    squash(bodyHedging.length),
    Math.min(1, claimHedging.length),
    squash(negationNear.length),
    Math.min(1, claimNegation.length),
    squash(supportingNear.length),
    claimNumbers.length > 0 ? found.length / claimNumbers.length : 0,
    claimNumbers.length > 0 ? missing.length / claimNumbers.length : 0,
    claim.text.includes('?') ? 1 : 0,
    squash(bestRefuting.length),
    squash(bestNegation.length),
    Math.min(1, Math.log1p(body.tokens.length) / Math.log(3000)),
  ].map(round4);

  const words = (list: string[]) =>
    [...new Set(list)]
      .slice(0, 3)
      .map((w) => `'${w}'`)
      .join(', ');
  const descriptions: Record<(typeof HAND_FEATURE_NAMES)[number], (v: number) => string> = {
    cosine: (v) => `cosine ${v.toFixed(2)}`,
    'lead-cosine': (v) => `cosine with the lead ${v.toFixed(2)}`,
    'best-sentence-cosine': (v) => `best sentence cosine ${v.toFixed(2)}`,
    'claim-terms-in-body': (v) => `${Math.round(v * 100)}% of the claim's terms in the article`,
    'claim-terms-in-lead': (v) => `${Math.round(v * 100)}% of the claim's terms in the lead`,
    'claim-bigrams-in-body': (v) => `${Math.round(v * 100)}% of the claim's word pairs in the article`,
    'refuting-words': () => `refuting words ${words(bodyRefuting)}`,
    'refuting-near-claim': () => `refuting word ${words(refutingNear)} near claim terms`,
    'refuting-in-claim': () => `refuting word ${words(claimRefuting)} in the claim`,
    'hedging-words': () => `hedging words ${words(bodyHedging)}`,
    'hedging-in-claim': () => `hedging word ${words(claimHedging)} in the claim`,
    'negation-near-claim': () => `negation ${words(negationNear)} near claim terms`,
    'negation-in-claim': () => `negation ${words(claimNegation)} in the claim`,
    'supporting-near-claim': () => `supporting word ${words(supportingNear)} near claim terms`,
    'claim-numbers-found': () => `claim numbers found: ${found.join(', ')}`,
    'claim-numbers-missing': () => `claim numbers missing: ${missing.join(', ')}`,
    'claim-question': () => 'the claim is a question',
    'refuting-in-best-sentences': () => `refuting word ${words(bestRefuting)} in the most related sentences`,
    'negation-in-best-sentences': () => `negation ${words(bestNegation)} in the most related sentences`,
    'body-length': () => `article of ${body.tokens.length} words`,
  };
  return {
    values,
    describe: (i) => descriptions[HAND_FEATURE_NAMES[i]](values[i]),
    sentenceCloseness: sentenceScores.map((s) => s.score),
  };
}

/**
 * The body's refuting and hedging words and its numbers, in one pass over its tokens (every candidate of every claim).
 */
function scanBody(tokens: readonly string[]): { refuting: string[]; hedging: string[]; numbers: Set<string> } {
  const refuting: string[] = [];
  const hedging: string[] = [];
  const numbers = new Set<string>();
  for (const t of tokens) {
    if (REFUTING_WORDS.has(t)) refuting.push(t);
    if (HEDGING_WORDS.has(t)) hedging.push(t);
    if (isNumber(t)) numbers.add(t);
  }
  return { refuting, hedging, numbers };
}

/** Tokens are lower-cased: one starting with a-z is no number, and most do, so the regex runs rarely. */
function isNumber(token: string): boolean {
  const first = token.charCodeAt(0);
  return !(first >= 97 && first <= 122) && NUMBER.test(token);
}

/** Body tokens within NEAR_WINDOW tokens of one of the claim's terms (two linear passes). */
function nearClaim(tokens: readonly string[], claimTerms: TermSet): string[] {
  const distance = new Array<number>(tokens.length).fill(Infinity);
  let last = -Infinity;
  for (let i = 0; i < tokens.length; i++) {
    if (claimTerms.has(tokens[i])) last = i;
    distance[i] = i - last;
  }
  last = Infinity;
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (claimTerms.has(tokens[i])) last = i;
    distance[i] = Math.min(distance[i], last - i);
  }
  return tokens.filter((_t, i) => distance[i] > 0 && distance[i] <= NEAR_WINDOW);
}

/** TF-IDF weights of a bag of words. */
function weighted(counts: ReadonlyMap<string, number>, weights: TermWeights): Map<string, number> {
  const result = new Map<string, number>();
  for (const [t, count] of counts) result.set(t, count * weights.idfOf(t));
  return result;
}

/** TF-IDF weights of `tokens`, into `into` (cleared first: one map serves every sentence of an article). */
function tfidf(tokens: readonly string[], weights: TermWeights, into: Map<string, number>): Map<string, number> {
  const counts = into;
  counts.clear();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  for (const [t, count] of counts) counts.set(t, count * weights.idfOf(t));
  return counts;
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  for (const [term, w] of a) dot += w * (b.get(term) ?? 0);
  if (dot === 0) return 0;
  return dot / (norm(a) * norm(b));
}

function norm(weights: Map<string, number>): number {
  let sum = 0;
  for (const w of weights.values()) sum += w * w;
  return Math.sqrt(sum);
}

/** Share of the claim's terms present in `terms`, each weighted by its IDF (rare words count more). */
function weightedShare(claimTerms: TermSet, terms: TermSet, weights: TermWeights): number {
  let total = 0;
  let present = 0;
  for (const t of claimTerms.keys()) {
    const w = weights.idfOf(t);
    total += w;
    if (terms.has(t)) present += w;
  }
  return total === 0 ? 0 : present / total;
}

function bigramShare(claim: readonly string[], body: readonly string[]): number {
  if (claim.length < 2) return 0;
  // Only body pairs starting with a claim word can be claim pairs: no string is built for the others.
  const firstWords = new Set(claim.slice(0, -1));
  const claimBigrams = new Set<string>();
  for (let i = 1; i < claim.length; i++) claimBigrams.add(`${claim[i - 1]} ${claim[i]}`);
  const found = new Set<string>();
  for (let i = 1; i < body.length; i++) {
    if (!firstWords.has(body[i - 1])) continue;
    const bigram = `${body[i - 1]} ${body[i]}`;
    if (claimBigrams.has(bigram)) found.add(bigram);
  }
  let present = 0;
  for (let i = 1; i < claim.length; i++) if (found.has(`${claim[i - 1]} ${claim[i]}`)) present++;
  return present / (claim.length - 1);
}

function round4(value: number): number {
  return Math.round(value * 10000) / 10000;
}
