export { extractClaims } from './extract-claims';
export type { ExtractedClaim, ExtractClaimsOptions } from './extract-claims';
export { describeAttributionKinds } from './attribution';
export type { AttributionKind, ClaimAttribution } from './attribution';
