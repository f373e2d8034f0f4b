import { Query } from '@nestjs/cqrs';
import type { LoadedClaim } from '../claim-writer.service';

/**
 * A claim's current state folded from its stream — what the decider sees, for callers
 * that must act on it now (a worker deciding whether a round still needs work). Reads for
 * screens use the projection (`GetClaimQuery`).
 */
export class GetClaimStateQuery extends Query<LoadedClaim> {
  constructor(readonly claimId: string) {
    super();
  }
}
