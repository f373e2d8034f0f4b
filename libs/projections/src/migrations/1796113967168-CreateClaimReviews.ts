import { Kysely, sql } from 'kysely';

/**
 * The `claim_reviews` read model (ClaimReview publishing): one row per claim, written only
 * by its projector. `(updated_at, claim_id)` serves the CMS feed's keyset pages.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE claim_reviews (
      claim_id uuid PRIMARY KEY,
      text text NOT NULL,
      claimant text NOT NULL,
      claimant_publisher text,
      article jsonb,
      reported_at timestamptz(3) NOT NULL,
      status text,
      reason text,
      reviewed_at timestamptz(3),
      in_force boolean NOT NULL,
      version integer NOT NULL,
      last_position bigint NOT NULL,
      updated_at timestamptz(3) NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX claim_reviews_updated_at_claim_id_idx ON claim_reviews (updated_at, claim_id) WHERE reviewed_at IS NOT NULL`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS claim_reviews`.execute(db);
}
