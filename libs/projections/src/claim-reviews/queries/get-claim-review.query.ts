import { Query } from '@nestjs/cqrs';
import type { ClaimReviewDocument } from '../claim-review.json-ld';

/** The ClaimReview JSON-LD of a claim whose status an editor set or confirmed; NotFound otherwise. */
export class GetClaimReviewQuery extends Query<ClaimReviewDocument> {
  constructor(readonly claimId: string) {
    super();
  }
}
