import { Query } from '@nestjs/cqrs';
import type { ClaimView } from './claim-view';

/**
 * The claim's current view, from the claim_status read model; NotFound when it has no row.
 * `minPosition`: a view held in memory serves only if it is at or past this log position.
 */
export class GetClaimQuery extends Query<ClaimView> {
  constructor(
    readonly claimId: string,
    readonly minPosition?: number,
  ) {
    super();
  }
}
