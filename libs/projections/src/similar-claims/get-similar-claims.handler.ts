import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFound } from '@claimtrail/errors';
import { GetSimilarClaimsQuery } from './get-similar-claims.query';
import { SimilarClaim, SimilarClaimsRepository } from './similar-claims.repository';

@QueryHandler(GetSimilarClaimsQuery)
export class GetSimilarClaimsHandler implements IQueryHandler<GetSimilarClaimsQuery> {
  constructor(private readonly similar: SimilarClaimsRepository) {}

  async execute({ claimId }: GetSimilarClaimsQuery): Promise<{ items: SimilarClaim[] }> {
    if (!(await this.similar.exists(claimId))) throw new NotFound('Claim', claimId);
    return { items: await this.similar.similarTo(claimId) };
  }
}
