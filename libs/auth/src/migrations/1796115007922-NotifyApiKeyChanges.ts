import { Kysely, sql } from 'kysely';

/**
 * Every change to a key's row that could end its validity (revocation, a new role or hash,
 * deletion) NOTIFYs `claimtrail_api_keys` with the key's id, at commit, whoever makes it —
 * the API or an operator in psql — so every API process drops the key from its cache.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION api_keys_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('claimtrail_api_keys', OLD.id::text);
      RETURN NULL;
    END $$
  `.execute(db);
  await sql`
    CREATE TRIGGER api_keys_notify_change
      AFTER UPDATE OF revoked_at, role, key_hash OR DELETE ON api_keys
      FOR EACH ROW EXECUTE FUNCTION api_keys_notify_change()
  `.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER api_keys_notify_change ON api_keys`.execute(db);
  await sql`DROP FUNCTION api_keys_notify_change()`.execute(db);
}
