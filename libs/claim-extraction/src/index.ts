export { extractClaims } from './extract-claims';
export type { ExtractedClaim, ExtractClaimsOptions } from './extract-claims';
export { matchClaims } from './claim-matching';
export type { ExpectedClaim, ClaimMatchReport } from './claim-matching';
