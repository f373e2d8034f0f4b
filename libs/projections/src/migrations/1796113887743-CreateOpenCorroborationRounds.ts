import { Kysely, sql } from 'kysely';

/**
 * `open_corroboration_rounds`: one row per corroboration round requested and not yet
 * finished, written only by its projector. Small by construction (rows leave when their
 * round finishes), indexed by deadline for the round sweeper.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE open_corroboration_rounds (
      id text PRIMARY KEY,
      claim_id uuid NOT NULL,
      request_id text NOT NULL,
      event_id uuid NOT NULL,
      sources jsonb NOT NULL,
      deadline timestamptz(3) NOT NULL,
      correlation_id text NOT NULL,
      position bigint NOT NULL,
      last_position bigint NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX open_corroboration_rounds_deadline_idx ON open_corroboration_rounds (deadline)`.execute(db);
  await sql`CREATE INDEX open_corroboration_rounds_position_idx ON open_corroboration_rounds (position)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE open_corroboration_rounds`.execute(db);
}
