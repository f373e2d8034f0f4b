import { Kysely, sql } from 'kysely';

/**
 * How each claim was attributed (ClaimReported schema version 2). Existing rows get the
 * attribution the upcaster gives claims reported before it was recorded — a checkable
 * assertion, verb unknown — so they match a replay without a rebuild. `attribution_kind`
 * and `checkable` are copies for the list's filters; the index serves `?checkable=`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function up(db: Kysely<any>): Promise<void> {
  const unknown = JSON.stringify({ verb: null, kind: 'asserts', quote: null, checkable: true, negated: false });
  await sql`
    ALTER TABLE claim_status
      ADD COLUMN attribution jsonb NOT NULL DEFAULT ${sql.lit(unknown)}::jsonb,
      ADD COLUMN attribution_kind text NOT NULL DEFAULT 'asserts',
      ADD COLUMN checkable boolean NOT NULL DEFAULT true`.execute(db);
  await sql`CREATE INDEX claim_status_checkable_reported_at_id_idx ON claim_status (checkable, reported_at DESC, id DESC)`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS claim_status_checkable_reported_at_id_idx`.execute(db);
  await sql`ALTER TABLE claim_status DROP COLUMN attribution, DROP COLUMN attribution_kind, DROP COLUMN checkable`.execute(
    db,
  );
}
