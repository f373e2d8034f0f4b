import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFound } from '@claimtrail/errors';
import { ClaimWriter } from '../claim-writer.service';
import type { ClaimView } from './claim-view';
import { GetClaimQuery } from './get-claim.query';

/**
 * Folds the claim's stream on every read: always current (so `minPosition` holds by
 * construction), just slower than a read model. The projections' handler replaces it.
 */
@QueryHandler(GetClaimQuery)
export class GetClaimHandler implements IQueryHandler<GetClaimQuery> {
  constructor(private readonly claims: ClaimWriter) {}

  async execute({ claimId }: GetClaimQuery): Promise<ClaimView> {
    const { state, version, position, updatedAt } = await this.claims.load(claimId);
    if (state.status === 'none') throw new NotFound('Claim', claimId);
    const { claimId: id, ...facts } = state;
    return { id, ...facts, version, position, updatedAt: (updatedAt ?? new Date(facts.reportedAt)).toISOString() };
  }
}
