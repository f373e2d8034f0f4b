import { Query } from '@nestjs/cqrs';
import type { ClaimStatus } from '../../domain/claim.events';
import type { ClaimPage } from './claim-view';

export interface ListClaimsFilter {
  status?: ClaimStatus;
  /** The article's publisher (registry id or name). */
  publisher?: string;
  /** Full-text search over the claim's text and claimant. */
  q?: string;
  /** Only claims reported at or after this moment. */
  since?: Date;
  /** Opaque, from the previous page's `nextCursor`. */
  cursor?: string;
  limit: number;
}

/** Claims, newest first, in pages that stay stable while new claims are reported. */
export class ListClaimsQuery extends Query<ClaimPage> {
  constructor(readonly filter: ListClaimsFilter) {
    super();
  }
}
