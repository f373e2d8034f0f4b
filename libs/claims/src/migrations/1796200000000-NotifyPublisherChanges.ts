import { Kysely, sql } from 'kysely';

/**
 * Every change to the publishers registry NOTIFYs `claimtrail_publishers`, at commit, whoever
 * makes it — the API, a worker adding an unrated publisher, or an operator in psql — so every
 * process drops the registry it holds in memory (PublisherRegistryCache).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION publishers_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('claimtrail_publishers', '');
      RETURN NULL;
    END $$
  `.execute(db);
  await sql`
    CREATE TRIGGER publishers_notify_change
      AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON publishers
      FOR EACH STATEMENT EXECUTE FUNCTION publishers_notify_change()
  `.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER publishers_notify_change ON publishers`.execute(db);
  await sql`DROP FUNCTION publishers_notify_change()`.execute(db);
}
