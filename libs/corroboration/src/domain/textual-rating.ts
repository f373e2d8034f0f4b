/** The stance a fact-checker's `textualRating` stands for, and how sure that reading is. */
export interface RatingStance {
  stance: 'supports' | 'refutes' | 'neutral';
  confidence: number;
  /** Which row of RATING_TABLE matched. */
  rule: string;
}

/**
 * `claimReview.textualRating` → stance, first match wins (so "mostly false" is read
 * before "false", "half true" before "true"). Ratings are free text in the reviewer's
 * language; the table covers the common English scales (PolitiFact, Snopes, Full Fact,
 * AFP, Reuters, Washington Post Pinocchios) and the plain words in es/fr/de/it/pt.
 *
 * | rating words | stance | confidence |
 * |---|---|---|
 * | half true, partly/partially true or false, mixture, mixed | neutral | 0.5 |
 * | mostly false, mostly inaccurate, three pinocchios | refutes | 0.7 |
 * | mostly true/accurate/correct, largely accurate | supports | 0.7 |
 * | needs/missing/lacks context, unproven, unverified, unsubstantiated, disputed, satire, outdated, research in progress | neutral | 0.5 |
 * | misleading, out of context, distorted, exaggerated, spin, cherry-picked, engañoso, trompeur, irreführend, enganoso, fuorviante | refutes | 0.7 |
 * | false, pants on fire, fake, incorrect, inaccurate, untrue, not true, wrong, fabricated, hoax, baseless, debunked, scam, four pinocchios, falso, faux, falsch | refutes | 0.9 |
 * | true, correct, accurate, confirmed, verified, geppetto checkmark, verdadero, vrai, wahr, verdadeiro, vero | supports | 0.9 |
 * | anything else | neutral | 0.3 (`unrecognised-rating`) |
 */
export const RATING_TABLE: ReadonlyArray<{
  rule: string;
  pattern: RegExp;
  stance: RatingStance['stance'];
  confidence: number;
}> = [
  {
    rule: 'mixed',
    pattern: /\bhalf[- ]true\b|\bpart(?:ly|ially) (?:true|false|correct|accurate)\b|\bmix(?:ture|ed)\b/i,
    stance: 'neutral',
    confidence: 0.5,
  },
  {
    rule: 'mostly-false',
    pattern: /\bmostly (?:false|inaccurate|incorrect)\b|\bthree pinocchios\b/i,
    stance: 'refutes',
    confidence: 0.7,
  },
  {
    rule: 'mostly-true',
    pattern: /\b(?:mostly|largely) (?:true|accurate|correct)\b/i,
    stance: 'supports',
    confidence: 0.7,
  },
  {
    rule: 'needs-context',
    pattern:
      /\b(?:needs|missing|lacks|lacking) context\b|\bunproven\b|\bunverified\b|\bunsubstantiated\b|\bdisputed\b|\bsatire\b|\boutdated\b|\bresearch in progress\b/i,
    stance: 'neutral',
    confidence: 0.5,
  },
  {
    rule: 'misleading',
    pattern:
      /\bmisleading\b|\bout of context\b|\bdistort\w*|\bexaggerat\w*|\bspin\b|\bcherry[- ]pick\w*|\bengañoso\b|\btrompeur\b|\birreführend\b|\benganoso\b|\bfuorviante\b/i,
    stance: 'refutes',
    confidence: 0.7,
  },
  {
    rule: 'false',
    pattern:
      /\bfalse\b|\bpants on fire\b|\bfake\b|\bincorrect\b|\binaccurate\b|\buntrue\b|\bnot true\b|\bwrong\b|\bfabricat\w*|\bhoax\b|\bbaseless\b|\bdebunked\b|\bscam\b|\bfour pinocchios\b|\bfalso\b|\bfaux\b|\bfalsch\b/i,
    stance: 'refutes',
    confidence: 0.9,
  },
  {
    rule: 'true',
    pattern:
      /\btrue\b|\bcorrect\b|\baccurate\b|\bconfirmed\b|\bverified\b|\bgeppetto checkmark\b|\bverdadero\b|\bvrai\b|\bwahr\b|\bverdadeiro\b|\bvero\b/i,
    stance: 'supports',
    confidence: 0.9,
  },
];

/** Reads a fact-checker's rating with RATING_TABLE. */
export function stanceOfRating(textualRating: string): RatingStance {
  const row = RATING_TABLE.find((r) => r.pattern.test(textualRating));
  return row
    ? { stance: row.stance, confidence: row.confidence, rule: row.rule }
    : { stance: 'neutral', confidence: 0.3, rule: 'unrecognised-rating' };
}
