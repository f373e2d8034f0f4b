import { Kysely, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE webhook_endpoints (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      url text NOT NULL,
      event_types text[] NOT NULL CHECK (cardinality(event_types) > 0),
      -- The HMAC key deliveries are signed with: the signer needs it as given, so it cannot be hashed.
      secret text NOT NULL,
      description text,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by text NOT NULL,
      disabled_at timestamptz,
      -- The log cursor at registration: the endpoint gets the events after it, in the subscribers' order.
      start_transaction_id xid8 NOT NULL,
      start_position bigint NOT NULL
    )
  `.execute(db);
  await sql`
    CREATE TABLE webhook_deliveries (
      endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (id),
      event_position bigint NOT NULL,
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      stream_id text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'retrying', 'delivered', 'failed', 'cancelled')),
      attempts integer NOT NULL DEFAULT 0,
      last_status_code integer,
      last_error text,
      -- One entry per attempt: {attempt, at, statusCode, error, durationMs}.
      attempt_log jsonb NOT NULL DEFAULT '[]',
      created_at timestamptz NOT NULL DEFAULT now(),
      last_attempt_at timestamptz,
      delivered_at timestamptz,
      PRIMARY KEY (endpoint_id, event_position)
    )
  `.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE webhook_deliveries`.execute(db);
  await sql`DROP TABLE webhook_endpoints`.execute(db);
}
