import { Injectable } from '@nestjs/common';
import { Kysely, sql } from 'kysely';
import { Database, InjectDb } from '@claimtrail/database';

/** Reads of the claim_reviews read model, with the article publisher's registry name. */
@Injectable()
export class ClaimReviewsRepository {
  constructor(@InjectDb() private readonly db: Kysely<Database>) {}

  private rows() {
    return this.db
      .selectFrom('claim_reviews as r')
      .leftJoin('publishers as p', (join) => join.on(sql<boolean>`p.id = r.article->>'publisher'`))
      .selectAll('r')
      .select('p.name as article_publisher_name');
  }

  find(claimId: string) {
    return this.rows().where('r.claim_id', '=', claimId).executeTakeFirst();
  }

  /** Reviewed claims changed at or after `since`, oldest change first, after the keyset `after`. */
  changedSince(since: Date, after: { updatedAt: Date; claimId: string } | undefined, limit: number) {
    return this.rows()
      .where('r.reviewed_at', 'is not', null)
      .where('r.updated_at', '>=', since)
      .$if(after !== undefined, (q) =>
        q.where(sql<boolean>`(r.updated_at, r.claim_id) > (${after!.updatedAt}, ${after!.claimId}::uuid)`),
      )
      .orderBy('r.updated_at')
      .orderBy('r.claim_id')
      .limit(limit)
      .execute();
  }
}
