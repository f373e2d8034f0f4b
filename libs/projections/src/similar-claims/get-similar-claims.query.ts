import { Query } from '@nestjs/cqrs';
import type { SimilarClaim } from './similar-claims.repository';

/** The claims that say what a claim says (both directions); NotFound when the claim is unknown to the read model. */
export class GetSimilarClaimsQuery extends Query<{ items: SimilarClaim[] }> {
  constructor(readonly claimId: string) {
    super();
  }
}
