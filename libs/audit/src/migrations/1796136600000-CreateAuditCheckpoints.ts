import { Kysely, sql } from 'kysely';

/**
 * Signed checkpoints of the whole log (see log-chain.ts). `(transaction_id, position)` is
 * the cursor the checkpoint covers up to, in the subscribers' gap-safe order; `event_count`
 * and `head` are the log chain there; `signature` is Ed25519 over the canonical checkpoint,
 * by the key in AUDIT_SIGNING_KEY_FILE (never in the database). The app role may only
 * insert and select them; a superuser who deletes or edits rows cannot sign new ones, and
 * auditors keep their own copies.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE audit_checkpoints (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      transaction_id xid8 NOT NULL,
      position bigint NOT NULL,
      event_count bigint NOT NULL CHECK (event_count >= 0),
      head text NOT NULL,
      key_id text NOT NULL,
      signature text NOT NULL,
      created_at timestamptz(3) NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX audit_checkpoints_cursor_idx ON audit_checkpoints (transaction_id, position)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS audit_checkpoints`.execute(db);
}
