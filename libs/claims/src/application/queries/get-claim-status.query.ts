import { Query } from '@nestjs/cqrs';
import type { ClaimStatus, VerdictReason } from '../../domain/claim.events';

export interface ClaimStatusAsOf {
  id: string;
  asOf: string;
  status: ClaimStatus;
  reasons: VerdictReason[];
  /** The stream version at that moment. */
  version: number;
}

/** The claim's status at a past moment, recomputed from its events. NotFound when it had not been reported yet. */
export class GetClaimStatusQuery extends Query<ClaimStatusAsOf> {
  constructor(
    readonly claimId: string,
    readonly asOf: Date,
  ) {
    super();
  }
}
