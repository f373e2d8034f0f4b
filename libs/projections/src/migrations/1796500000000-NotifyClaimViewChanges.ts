import { Kysely, sql } from 'kysely';

/**
 * Every change to what `GET /claims/:id` shows NOTIFYs `claimtrail_claim_views` at commit,
 * with the id of each claim whose view changed, so the API processes drop those claims from
 * the views they hold in memory (ClaimViewCache). A claim's view is its claim_status row,
 * its similar_claims row, and the similar_claims rows that list it as a match (its later
 * look-alikes). A TRUNCATE notifies '*': every view.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION claim_status_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'TRUNCATE' THEN
        PERFORM pg_notify('claimtrail_claim_views', '*');
      ELSIF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('claimtrail_claim_views', OLD.id::text);
      ELSE
        PERFORM pg_notify('claimtrail_claim_views', NEW.id::text);
      END IF;
      RETURN NULL;
    END $$
  `.execute(db);
  await sql`
    CREATE FUNCTION similar_claims_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'TRUNCATE' THEN
        PERFORM pg_notify('claimtrail_claim_views', '*');
        RETURN NULL;
      END IF;
      IF TG_OP <> 'DELETE' THEN
        PERFORM pg_notify('claimtrail_claim_views', NEW.claim_id::text);
        PERFORM pg_notify('claimtrail_claim_views', m->>'claimId') FROM jsonb_array_elements(NEW.matches) m;
      END IF;
      IF TG_OP <> 'INSERT' THEN
        PERFORM pg_notify('claimtrail_claim_views', OLD.claim_id::text);
        PERFORM pg_notify('claimtrail_claim_views', m->>'claimId') FROM jsonb_array_elements(OLD.matches) m;
      END IF;
      RETURN NULL;
    END $$
  `.execute(db);
  for (const table of ['claim_status', 'similar_claims']) {
    await sql`
      CREATE TRIGGER ${sql.id(`${table}_notify_change`)}
        AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)}
        FOR EACH ROW EXECUTE FUNCTION ${sql.raw(`${table}_notify_change`)}()
    `.execute(db);
    await sql`
      CREATE TRIGGER ${sql.id(`${table}_notify_truncate`)}
        AFTER TRUNCATE ON ${sql.table(table)}
        FOR EACH STATEMENT EXECUTE FUNCTION ${sql.raw(`${table}_notify_change`)}()
    `.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['claim_status', 'similar_claims']) {
    await sql`DROP TRIGGER ${sql.id(`${table}_notify_truncate`)} ON ${sql.table(table)}`.execute(db);
    await sql`DROP TRIGGER ${sql.id(`${table}_notify_change`)} ON ${sql.table(table)}`.execute(db);
    await sql`DROP FUNCTION ${sql.raw(`${table}_notify_change`)}()`.execute(db);
  }
}
