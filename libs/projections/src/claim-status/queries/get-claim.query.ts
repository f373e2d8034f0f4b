import { Query } from '@nestjs/cqrs';
import type { ClaimView } from './claim-view';

/** The claim's current view, from the claim_status read model; NotFound when it has no row. */
export class GetClaimQuery extends Query<ClaimView> {
  constructor(readonly claimId: string) {
    super();
  }
}
