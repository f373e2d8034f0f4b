export { extractClaims } from './extract-claims';
export type { ExtractedClaim, ExtractClaimsOptions } from './extract-claims';
