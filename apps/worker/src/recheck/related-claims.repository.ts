import { Injectable } from '@nestjs/common';
import { Kysely, sql } from 'kysely';
import { Database, InjectDb } from '@claimtrail/database';

export interface RelatedClaimsSearch {
  articleId: string;
  /** Only claims reported at or after this moment. */
  reportedSince: Date;
  /** pg_trgm word similarity of the claim to the article's text, 0..1. */
  minSimilarity: number;
  limit: number;
}

/**
 * Open claims a newly archived article speaks to: `reported` or `unverified`, not a
 * duplicate, not from that article, reported within the window, whose words the article
 * carries (pg_trgm `word_similarity` of the claim to the article's body and title — a
 * copy or a close paraphrase of the claim scores high). Read from claim_status; the relay
 * waits until that read model has caught up with the article's event.
 */
@Injectable()
export class RelatedClaimsRepository {
  constructor(@InjectDb() private readonly db: Kysely<Database>) {}

  find(search: RelatedClaimsSearch) {
    const similarity = sql<number>`word_similarity(c.text, a.title || ' ' || a.body)`;
    return this.db
      .selectFrom('claim_status as c')
      .innerJoin('articles as a', (join) => join.on('a.id', '=', search.articleId))
      .select(['c.id', similarity.as('similarity')])
      .where('c.status', 'in', ['reported', 'unverified'])
      .where('c.duplicate_of', 'is', null)
      .where('c.reported_at', '>=', search.reportedSince)
      .where((eb) => eb.or([eb('c.article', 'is', null), sql<boolean>`c.article->>'url' <> a.url`]))
      .where(similarity, '>=', search.minSimilarity)
      .orderBy('similarity', 'desc')
      .orderBy('c.id')
      .limit(search.limit)
      .execute();
  }
}
