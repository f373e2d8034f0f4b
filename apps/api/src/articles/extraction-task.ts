import type { ExtractedClaim } from '@claimtrail/claim-extraction';

/** What the extraction thread is asked: one article. */
export interface ExtractionTask {
  body: string;
  /** The headline: its claims come first (`part: 'title'`). */
  title: string;
  publisher: string;
  /** Claims sent back at most (EXTRACTION_MAX_CLAIMS). */
  maxClaims: number;
}

/** What it answers: the first `maxClaims` claims in article order, and how many it found in all. */
export interface ExtractionOutcome {
  claims: ExtractedClaim[];
  found: number;
}
