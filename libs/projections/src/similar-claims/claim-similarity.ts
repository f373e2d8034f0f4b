import { Kysely, sql } from 'kysely';
import { Database } from '@claimtrail/database';

/** How alike two claims are: trigram similarity (near-verbatim) and overlap of their English lexeme sets (reworded). */
export interface SimilarityScore {
  claimId: string;
  /** max(trigram, terms), 0..1. */
  score: number;
  trigram: number;
  terms: number;
}

/**
 * Overlap of two tsvectors' lexeme sets: shared stems over the smaller set's count, so a
 * claim restated inside a longer sentence ("… deeply concerning and allies are consulting")
 * still scores high. Sets of fewer than 3 stems score 0 (too little to tell).
 */
const termOverlap = (a: ReturnType<typeof sql>, b: ReturnType<typeof sql>) => sql<number>`
  CASE WHEN least(coalesce(array_length(tsvector_to_array(${a}), 1), 0),
                 coalesce(array_length(tsvector_to_array(${b}), 1), 0)) < 3 THEN 0
  ELSE (SELECT count(*) FROM unnest(tsvector_to_array(${a})) x WHERE x = ANY (tsvector_to_array(${b})))::float8
    / least(array_length(tsvector_to_array(${a}), 1), array_length(tsvector_to_array(${b}), 1)) END`;

/**
 * The claims of `similar_claims` that say what `text` says, best first: candidates share
 * trigrams (pg_trgm's `%`) or an English lexeme with it; each is scored, and those at or
 * above `minScore` are kept.
 */
export async function findSimilarClaims(
  db: Kysely<Database>,
  table: 'similar_claims',
  { text, excludeId, minScore, limit }: { text: string; excludeId: string; minScore: number; limit: number },
): Promise<SimilarityScore[]> {
  const mine = sql`to_tsvector('english', ${text}::text)`;
  const theirs = sql`to_tsvector('english', s.text)`;
  const orQuery = sql`replace(plainto_tsquery('english', ${text}::text)::text, '&', '|')::tsquery`;
  const { rows } = await sql<{ claim_id: string; trigram: number; terms: number }>`
    SELECT claim_id, trigram, terms FROM (
      SELECT s.claim_id, similarity(s.text, ${text}::text) AS trigram, ${termOverlap(mine, theirs)} AS terms
        FROM ${sql.table(table)} s
       WHERE s.claim_id <> ${excludeId}::uuid
         AND (s.text % ${text}::text OR ${theirs} @@ ${orQuery})
       ORDER BY similarity(s.text, ${text}::text) DESC
       LIMIT 200) c
     WHERE greatest(trigram, terms) >= ${minScore}
     ORDER BY greatest(trigram, terms) DESC, claim_id
     LIMIT ${limit}`.execute(db);
  return rows.map((r) => ({
    claimId: r.claim_id,
    score: round(Math.max(r.trigram, r.terms)),
    trigram: round(r.trigram),
    terms: round(r.terms),
  }));
}

/** The same score for one pair of texts (the benchmark's matcher). */
export async function scoreClaimPair(
  db: Kysely<Database>,
  a: string,
  b: string,
): Promise<Omit<SimilarityScore, 'claimId'>> {
  const overlap = termOverlap(sql`to_tsvector('english', ${a}::text)`, sql`to_tsvector('english', ${b}::text)`);
  const { rows } = await sql<{ trigram: number; terms: number }>`
    SELECT similarity(${a}::text, ${b}::text) AS trigram, ${overlap} AS terms`.execute(db);
  const { trigram, terms } = rows[0];
  return { score: round(Math.max(trigram, terms)), trigram: round(trigram), terms: round(terms) };
}

const round = (n: number) => Math.round(n * 1000) / 1000;
