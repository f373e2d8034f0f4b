import { Kysely, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE publishers (
      id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]*$'),
      name text NOT NULL,
      domain text,
      owner_group text NOT NULL,
      reliability double precision CHECK (reliability BETWEEN 0 AND 1),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);
  await sql`CREATE INDEX publishers_lower_name ON publishers (lower(name))`.execute(db);
  await sql`CREATE INDEX publishers_domain ON publishers (domain)`.execute(db);
  // The first response to each (API key, Idempotency-Key), replayed to retries.
  await sql`
    CREATE TABLE idempotency_records (
      actor_key_id text NOT NULL,
      idempotency_key text NOT NULL,
      fingerprint text NOT NULL,
      result jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (actor_key_id, idempotency_key)
    )
  `.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE idempotency_records`.execute(db);
  await sql`DROP TABLE publishers`.execute(db);
}
