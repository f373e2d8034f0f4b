import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AppConfig } from '@claimtrail/config';
import { ValidationFailed } from '@claimtrail/errors';
import { ClaimReviewsRepository } from '../claim-reviews.repository';
import { ClaimReviewFeedPage, ListClaimReviewsQuery } from './list-claim-reviews.query';
import { reviewDocumentOf } from './review-document-of';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function encodeCursor(updatedAt: Date, claimId: string): string {
  return Buffer.from(JSON.stringify([updatedAt.toISOString(), claimId])).toString('base64url');
}

function decodeCursor(cursor: string): { updatedAt: Date; claimId: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const updatedAt = new Date(String(at));
    if (typeof at === 'string' && !Number.isNaN(updatedAt.getTime()) && typeof id === 'string' && UUID.test(id))
      return { updatedAt, claimId: id };
  } catch {
    // fall through: not a cursor of ours
  }
  throw new ValidationFailed([{ field: 'cursor', rule: 'invalid_cursor', message: 'Not a cursor from this API' }]);
}

@QueryHandler(ListClaimReviewsQuery)
export class ListClaimReviewsHandler implements IQueryHandler<ListClaimReviewsQuery> {
  constructor(
    private readonly reviews: ClaimReviewsRepository,
    private readonly config: AppConfig,
  ) {}

  async execute({ filter }: ListClaimReviewsQuery): Promise<ClaimReviewFeedPage> {
    const after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
    const rows = await this.reviews.changedSince(filter.since, after, filter.limit + 1);
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => {
        const claimReview = reviewDocumentOf(row, this.config.claimReview);
        return {
          claimId: row.claim_id,
          updatedAt: row.updated_at.toISOString(),
          inForce: claimReview !== null,
          claimReview,
        };
      }),
      nextCursor: rows.length > filter.limit && last ? encodeCursor(last.updated_at, last.claim_id) : null,
    };
  }
}
