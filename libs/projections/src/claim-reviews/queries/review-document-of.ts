import { AppConfig } from '@claimtrail/config';
import { ClaimReviewDocument, claimReviewJsonLd } from '../claim-review.json-ld';
import { ClaimReviewsRepository } from '../claim-reviews.repository';

type ReviewRow = NonNullable<Awaited<ReturnType<ClaimReviewsRepository['find']>>>;

/** The ClaimReview of a claim_reviews row, or null while no editor verdict is in force. */
export function reviewDocumentOf(row: ReviewRow, settings: AppConfig['claimReview']): ClaimReviewDocument | null {
  if (!row.in_force || row.status === null || row.reviewed_at === null) return null;
  return claimReviewJsonLd(
    {
      claimId: row.claim_id,
      text: row.text,
      claimant: row.claimant,
      claimantPublisher: row.claimant_publisher,
      article: row.article,
      articlePublisherName: row.article_publisher_name,
      reportedAt: row.reported_at.toISOString(),
      status: row.status,
      reason: row.reason ?? '',
      reviewedAt: row.reviewed_at.toISOString(),
    },
    settings,
  );
}
