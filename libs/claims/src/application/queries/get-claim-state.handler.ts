import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ClaimWriter, LoadedClaim } from '../claim-writer.service';
import { GetClaimStateQuery } from './get-claim-state.query';

@QueryHandler(GetClaimStateQuery)
export class GetClaimStateHandler implements IQueryHandler<GetClaimStateQuery> {
  constructor(private readonly claims: ClaimWriter) {}

  execute({ claimId }: GetClaimStateQuery): Promise<LoadedClaim> {
    return this.claims.load(claimId);
  }
}
