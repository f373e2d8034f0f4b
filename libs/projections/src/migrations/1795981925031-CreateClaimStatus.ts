import { Kysely, sql } from 'kysely';

/**
 * The `claim_status` read model and the rebuilds' progress table.
 *
 * - One row per claim, written only by the claim_status projector (in the same
 *   transaction as its subscription checkpoint) or by a rebuild's shadow table swap.
 * - Index names follow Postgres' defaults for `CREATE TABLE … (LIKE … INCLUDING ALL)`,
 *   so a rebuilt table, whose indexes are renamed after the swap, ends up identical.
 * - `search` is generated, so a rebuild cannot compute it differently from live writes.
 * - `(reported_at DESC, id DESC)` serves the list's keyset pagination: reported_at never
 *   changes, so pages stay stable while claims are reported or updated.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE claim_status (
      id uuid PRIMARY KEY,
      text text NOT NULL,
      claimant text NOT NULL,
      language text NOT NULL,
      article jsonb,
      article_publisher text,
      cited_urls jsonb NOT NULL,
      status text NOT NULL,
      reasons jsonb NOT NULL,
      evidence jsonb NOT NULL,
      corroboration jsonb NOT NULL,
      editor_verdict jsonb,
      duplicate_of uuid,
      publishers text[] NOT NULL,
      supporting_count integer NOT NULL,
      refuting_count integer NOT NULL,
      neutral_count integer NOT NULL,
      version integer NOT NULL,
      last_position bigint NOT NULL,
      reported_at timestamptz(3) NOT NULL,
      updated_at timestamptz(3) NOT NULL,
      search tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text || ' ' || claimant)) STORED
    )`.execute(db);
  await sql`CREATE INDEX claim_status_search_idx ON claim_status USING gin (search)`.execute(db);
  await sql`CREATE INDEX claim_status_reported_at_id_idx ON claim_status (reported_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX claim_status_status_reported_at_id_idx ON claim_status (status, reported_at DESC, id DESC)`.execute(
    db,
  );
  await sql`CREATE INDEX claim_status_article_publisher_idx ON claim_status (article_publisher)`.execute(db);

  await sql`
    CREATE TABLE projection_rebuilds (
      name text PRIMARY KEY,
      status text NOT NULL,
      processed bigint NOT NULL DEFAULT 0,
      total bigint NOT NULL DEFAULT 0,
      started_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      finished_at timestamptz,
      drift jsonb,
      error text
    )`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS projection_rebuilds`.execute(db);
  await sql`DROP TABLE IF EXISTS claim_status`.execute(db);
}
