import { Query } from '@nestjs/cqrs';
import type { ClaimView } from './claim-view';

/** The claim's current view; NotFound when it does not exist. */
export class GetClaimQuery extends Query<ClaimView> {
  constructor(
    readonly claimId: string,
    /** Read-your-writes: the caller has seen this global position. */
    readonly minPosition?: number,
  ) {
    super();
  }
}
