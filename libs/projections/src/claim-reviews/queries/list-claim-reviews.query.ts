import { Query } from '@nestjs/cqrs';
import type { ClaimReviewDocument } from '../claim-review.json-ld';

/** One change of the feed: a review to publish (in force) or to take down (withdrawn). */
export interface ClaimReviewFeedItem {
  claimId: string;
  updatedAt: string;
  /** False when the editor withdrew the verdict: unpublish `claimReview`'s URL. */
  inForce: boolean;
  claimReview: ClaimReviewDocument | null;
}

export interface ClaimReviewFeedPage {
  items: ClaimReviewFeedItem[];
  nextCursor: string | null;
}

/** Editor-reviewed claims changed since a moment, oldest change first (the CMS's feed). */
export class ListClaimReviewsQuery extends Query<ClaimReviewFeedPage> {
  constructor(readonly filter: { since: Date; cursor?: string; limit: number }) {
    super();
  }
}
