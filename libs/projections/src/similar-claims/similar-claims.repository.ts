import { Injectable } from '@nestjs/common';
import { Kysely, RawBuilder, sql } from 'kysely';
import { Database, InjectDb } from '@claimtrail/database';

/** One claim similar to another, as GET /claims/:id/similar shows it. */
export interface SimilarClaim {
  claimId: string;
  text: string;
  status: string | null;
  duplicateOf: string | null;
  score: number;
  trigram: number;
  terms: number;
  /** `earlier`: found when this claim was reported; `later`: this claim was found for that one. */
  reported: 'earlier' | 'later';
}

/**
 * The claims similar to `claimId`, both directions, as rows (other, score, trigram, terms,
 * reported): shared by `similarTo` and GET /claims/:id's one-statement read.
 */
export function similarPairs(claimId: string): RawBuilder<unknown> {
  return sql`
    SELECT (e->>'claimId')::uuid AS other, (e->>'score')::float8 AS score, (e->>'trigram')::float8 AS trigram,
           (e->>'terms')::float8 AS terms, 'earlier' AS reported
      FROM similar_claims s, jsonb_array_elements(s.matches) e WHERE s.claim_id = ${claimId}::uuid
    UNION ALL
    SELECT s.claim_id, (e->>'score')::float8, (e->>'trigram')::float8, (e->>'terms')::float8, 'later'
      FROM similar_claims s, jsonb_array_elements(s.matches) e
     WHERE s.matches @> ${JSON.stringify([{ claimId }])}::jsonb AND e->>'claimId' = ${claimId}`;
}

/** Reads of the similar_claims read model, both directions, with each claim's status from claim_status. */
@Injectable()
export class SimilarClaimsRepository {
  constructor(@InjectDb() private readonly db: Kysely<Database>) {}

  async exists(claimId: string): Promise<boolean> {
    return (
      (await this.db
        .selectFrom('similar_claims')
        .select('claim_id')
        .where('claim_id', '=', claimId)
        .executeTakeFirst()) !== undefined
    );
  }

  async similarTo(claimId: string): Promise<SimilarClaim[]> {
    const { rows } = await sql<SimilarClaim>`
      WITH pairs AS (${similarPairs(claimId)})
      SELECT p.other AS "claimId", o.text, c.status, c.duplicate_of AS "duplicateOf",
             p.score, p.trigram, p.terms, p.reported
        FROM pairs p JOIN similar_claims o ON o.claim_id = p.other
        LEFT JOIN claim_status c ON c.id = p.other
       ORDER BY p.score DESC, p.other`.execute(this.db);
    return rows;
  }
}
