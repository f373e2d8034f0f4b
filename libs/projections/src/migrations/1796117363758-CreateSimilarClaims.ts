import { Kysely, sql } from 'kysely';

/**
 * The `similar_claims` read model: per claim, its text and the earlier claims that say the
 * same thing. A trigram index and an English lexeme index find the candidates.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await sql`
    CREATE TABLE similar_claims (
      claim_id uuid PRIMARY KEY,
      text text NOT NULL,
      matches jsonb NOT NULL,
      last_position bigint NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX similar_claims_text_idx ON similar_claims USING gin (text gin_trgm_ops)`.execute(db);
  await sql`CREATE INDEX similar_claims_to_tsvector_idx ON similar_claims USING gin (to_tsvector('english'::regconfig, text))`.execute(
    db,
  );
  await sql`CREATE INDEX similar_claims_matches_idx ON similar_claims USING gin (matches jsonb_path_ops)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS similar_claims`.execute(db);
}
