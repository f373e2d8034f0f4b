import type { StancePair } from './fnc-dataset';
import { seededRandom, shuffleInPlace } from './seeded-random';

export interface HeadlineSplit {
  train: StancePair[];
  /** For early stopping and calibration. */
  validation: StancePair[];
  /** Never seen in training nor tuning: what `npm run eval:stance` scores. */
  heldOut: StancePair[];
}

/**
 * Splits pairs by headline: no headline of the held-out or validation parts appears in another
 * part. Headlines are sorted, then shuffled with `seed`, so the split is the same on every run.
 */
export function splitByHeadline(
  pairs: StancePair[],
  seed: number,
  shares = { heldOut: 0.1, validation: 0.1 },
): HeadlineSplit {
  const headlines = shuffleInPlace([...new Set(pairs.map((p) => p.headline))].sort(), seededRandom(seed));
  const heldOutCount = Math.round(headlines.length * shares.heldOut);
  const validationCount = Math.round(headlines.length * shares.validation);
  const part = new Map<string, keyof HeadlineSplit>();
  headlines.forEach((h, i) =>
    part.set(h, i < heldOutCount ? 'heldOut' : i < heldOutCount + validationCount ? 'validation' : 'train'),
  );
  const split: HeadlineSplit = { train: [], validation: [], heldOut: [] };
  for (const pair of pairs) split[part.get(pair.headline)!].push(pair);
  return split;
}
