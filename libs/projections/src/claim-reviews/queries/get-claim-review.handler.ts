import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AppConfig } from '@claimtrail/config';
import { NotFound } from '@claimtrail/errors';
import type { ClaimReviewDocument } from '../claim-review.json-ld';
import { ClaimReviewsRepository } from '../claim-reviews.repository';
import { GetClaimReviewQuery } from './get-claim-review.query';
import { reviewDocumentOf } from './review-document-of';

@QueryHandler(GetClaimReviewQuery)
export class GetClaimReviewHandler implements IQueryHandler<GetClaimReviewQuery> {
  constructor(
    private readonly reviews: ClaimReviewsRepository,
    private readonly config: AppConfig,
  ) {}

  async execute({ claimId }: GetClaimReviewQuery): Promise<ClaimReviewDocument> {
    const row = await this.reviews.find(claimId);
    const document = row ? reviewDocumentOf(row, this.config.claimReview) : null;
    if (!document) throw new NotFound('ClaimReview of claim', claimId);
    return document;
  }
}
