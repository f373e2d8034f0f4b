import { ExtractedClaim } from './extract-claims';

/** A claim a careful reader found, as listed in a fixture. */
export interface ExpectedClaim {
  id: string;
  claimant: string;
  verb: string;
  statement: string;
}

/** How an extraction compares with a fixture. */
export interface ClaimMatchReport {
  matched: Array<{ expected: ExpectedClaim; found: ExtractedClaim }>;
  /** Fixture claims the extractor did not find. */
  missed: ExpectedClaim[];
  /** Extracted claims that match no fixture claim. */
  spurious: ExtractedClaim[];
  precision: number;
  recall: number;
}

const STOPWORDS = new Set(
  (
    'a an the and or but of for in on at to from by with that this these those it its is are was were be been has ' +
    'have had there their they them as so not no'
  ).split(' '),
);

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .split(/[^\p{L}\p{N}'-]+/u)
    .map((w) => w.replace(/'s$/, ''))
    .filter((w) => w.length > 1 && !STOPWORDS.has(w));
}

/** Claimants match when one's words contain the other's ("Reuters" ~ "the Reuters news agency"). */
function sameClaimant(a: string, b: string): boolean {
  const wa = new Set(words(a));
  const wb = new Set(words(b));
  return [...wa].every((w) => wb.has(w)) || [...wb].every((w) => wa.has(w));
}

/** Share of the expected statement's key words that the found statement contains. */
function overlap(expected: string, found: string): number {
  const key = words(expected);
  const have = new Set(words(found));
  return key.length === 0 ? 0 : key.filter((w) => have.has(w)).length / key.length;
}

/**
 * Matches extracted claims to a fixture leniently: same claimant (by words) and at least
 * `minOverlap` of the expected statement's key words; each claim matches at most once,
 * best overlap first.
 */
export function matchClaims(expected: ExpectedClaim[], found: ExtractedClaim[], minOverlap = 0.7): ClaimMatchReport {
  const pairs = expected
    .flatMap((e) =>
      found.map((f) => ({ e, f, score: sameClaimant(e.claimant, f.claimant) ? overlap(e.statement, f.statement) : 0 })),
    )
    .filter((p) => p.score >= minOverlap)
    .sort((x, y) => y.score - x.score);
  const usedE = new Set<ExpectedClaim>();
  const usedF = new Set<ExtractedClaim>();
  const matched: ClaimMatchReport['matched'] = [];
  for (const { e, f } of pairs) {
    if (usedE.has(e) || usedF.has(f)) continue;
    usedE.add(e);
    usedF.add(f);
    matched.push({ expected: e, found: f });
  }
  return {
    matched,
    missed: expected.filter((e) => !usedE.has(e)),
    spurious: found.filter((f) => !usedF.has(f)),
    precision: found.length === 0 ? 1 : matched.length / found.length,
    recall: expected.length === 0 ? 1 : matched.length / expected.length,
  };
}
