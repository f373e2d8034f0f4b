import { Injectable } from '@nestjs/common';
import { Kysely, sql } from 'kysely';
import type { AttributionKind, ClaimStatus } from '@claimtrail/claims';
import { Database, InjectDb, prepared } from '@claimtrail/database';
import { similarPairs } from '../similar-claims/similar-claims.repository';

export interface ClaimListPage {
  status?: ClaimStatus;
  /** Matches the article's publisher id. */
  publishers?: string[];
  q?: string;
  since?: Date;
  checkable?: boolean;
  kind?: AttributionKind;
  /** Keyset: rows strictly after this (reported_at, id) in (reported_at DESC, id DESC) order. */
  after?: { reportedAt: Date; id: string };
  limit: number;
}

/** Reads of the claim_status read model. */
@Injectable()
export class ClaimStatusRepository {
  constructor(@InjectDb() private readonly db: Kysely<Database>) {}

  /**
   * A claim as GET /claims/:id shows it, with the claims similar to it, in one statement:
   * a primary-key read costs one round trip and one pooled connection. Only the columns
   * the view shows (not the search vector).
   */
  async findWithSimilar(id: string) {
    const query = this.db
      .selectFrom('claim_status')
      .select([
        'id',
        'text',
        'claimant',
        'attribution',
        'article',
        'cited_urls',
        'language',
        'status',
        'reasons',
        'evidence',
        'editor_verdict',
        'duplicate_of',
        'corroboration',
        'publishers',
        'reported_at',
        'version',
        'last_position',
        'updated_at',
      ])
      .select(
        sql<{ claimId: string; score: number }[]>`(
          SELECT COALESCE(
                   json_agg(json_build_object('claimId', p.other, 'score', p.score) ORDER BY p.score DESC, p.other),
                   '[]')
            FROM (${similarPairs(id)}) p JOIN similar_claims o ON o.claim_id = p.other)`.as('similar'),
      )
      .where('id', '=', id)
      .compile();
    // Prepared: parse and plan were most of the server's time of this read.
    const { rows } = await this.db.executeQuery(prepared(query));
    return rows[0];
  }

  async list(p: ClaimListPage) {
    const query = this.db
      .selectFrom('claim_status')
      .select([
        'id',
        'text',
        'claimant',
        'attribution',
        'status',
        'article_publisher',
        'supporting_count',
        'refuting_count',
        'duplicate_of',
        'reported_at',
        'updated_at',
        'version',
      ])
      .$if(p.status !== undefined, (q) => q.where('status', '=', p.status!))
      .$if(p.publishers !== undefined, (q) => q.where('article_publisher', 'in', p.publishers!))
      .$if(p.q !== undefined, (q) => q.where(sql<boolean>`search @@ websearch_to_tsquery('english', ${p.q!})`))
      .$if(p.since !== undefined, (q) => q.where('reported_at', '>=', p.since!))
      .$if(p.checkable !== undefined, (q) => q.where('checkable', '=', p.checkable!))
      .$if(p.kind !== undefined, (q) => q.where('attribution_kind', '=', p.kind!))
      .$if(p.after !== undefined, (q) =>
        q.where(sql<boolean>`(reported_at, id) < (${p.after!.reportedAt}, ${p.after!.id}::uuid)`),
      )
      .orderBy('reported_at', 'desc')
      .orderBy('id', 'desc')
      .limit(p.limit)
      .compile();
    // A page is prepared (one text per combination of filters) unless it searches: a generic plan for any
    // search words could not use what the planner learns from the words themselves.
    return (await this.db.executeQuery(p.q === undefined ? prepared(query) : query)).rows;
  }
}
