import { Kysely, sql } from 'kysely';

/**
 * `idempotency_record_after_lock`: takes an idempotency key's lock and reads its record in one
 * round trip (IdempotencyRepository.begin; POST /claims with Idempotency-Key 7 → 6 round trips).
 * It has to be a function: one plain statement takes its snapshot before it waits for the lock,
 * so it would miss the record a concurrent first request commits meanwhile, and append twice.
 * Here the read is a statement of its own after the lock, with a fresh snapshot (the function
 * is VOLATILE; READ COMMITTED).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION idempotency_record_after_lock(p_lock_name text, p_actor_key_id text, p_idempotency_key text)
    RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      v_record jsonb;
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtextextended(p_lock_name, 0));
      SELECT jsonb_build_object('fingerprint', r.fingerprint, 'result', r.result) INTO v_record
        FROM idempotency_records r
       WHERE r.actor_key_id = p_actor_key_id AND r.idempotency_key = p_idempotency_key;
      RETURN v_record;
    END $$
  `.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP FUNCTION idempotency_record_after_lock(text, text, text)`.execute(db);
}
