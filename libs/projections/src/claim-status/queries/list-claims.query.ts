import { Query } from '@nestjs/cqrs';
import type { AttributionKind, ClaimStatus } from '@claimtrail/claims';
import type { ClaimPage } from './claim-view';

export interface ListClaimsFilter {
  status?: ClaimStatus;
  /** The article's publisher (registry id or name). */
  publisher?: string;
  /** Full-text search over the claim's text and claimant (web-search syntax: words, "phrases", -not, or). */
  q?: string;
  /** Only claims reported at or after this moment. */
  since?: Date;
  /** Only checkable claims (true), or only opinions, vows, questions, predictions and negated attributions (false). */
  checkable?: boolean;
  /** Only claims attributed this way. */
  kind?: AttributionKind;
  /** Opaque, from the previous page's `nextCursor`. */
  cursor?: string;
  limit: number;
}

/** Claims, newest report first, in pages that stay stable while claims are reported or updated. */
export class ListClaimsQuery extends Query<ClaimPage> {
  constructor(readonly filter: ListClaimsFilter) {
    super();
  }
}
