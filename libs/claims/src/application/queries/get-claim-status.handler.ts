import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFound } from '@claimtrail/errors';
import { ClaimWriter } from '../claim-writer.service';
import { ClaimStatusAsOf, GetClaimStatusQuery } from './get-claim-status.query';

@QueryHandler(GetClaimStatusQuery)
export class GetClaimStatusHandler implements IQueryHandler<GetClaimStatusQuery> {
  constructor(private readonly claims: ClaimWriter) {}

  async execute({ claimId, asOf }: GetClaimStatusQuery): Promise<ClaimStatusAsOf> {
    const { state, version } = await this.claims.load(claimId, { until: asOf });
    if (state.status === 'none') throw new NotFound('Claim', claimId);
    return { id: claimId, asOf: asOf.toISOString(), status: state.status, reasons: state.reasons, version };
  }
}
