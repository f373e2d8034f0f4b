import { Kysely, sql } from 'kysely';

/**
 * The event log, the streams' heads and the subscribers' checkpoints.
 *
 * Why these shapes:
 * - `position` is a global identity: a total order for readAll and audits. Positions can
 *   become visible out of order (a transaction holding 10 may commit after 11), so
 *   subscribers do not follow `position` alone but `(transaction_id, position)` below the
 *   visibility horizon; hence `transaction_id xid8` and the index on that pair.
 * - `streams` holds each stream's version and last hash, so an append chains its hash
 *   from one row of its own stream: no global lock on the hot path.
 * - `recorded_at` is kept at millisecond precision because it is part of the hashed
 *   canonical form (ISO-8601 with ms); see event-hash.ts.
 * - Appends go through `event_store_append`, one round trip per append. It takes a
 *   per-stream advisory lock BEFORE its first write, so the transaction id (assigned at
 *   the first write) follows the stream's lock order and subscribers, which order by
 *   transaction id, see a stream's events in version order.
 * - No NOTIFY in here: a notifying transaction commits under a global lock, which
 *   serialises the commits (and their WAL flushes) of all appends and cost more than
 *   half the throughput at 16 writers (bench/RESULTS.md). The EventStore sends one
 *   coalesced NOTIFY after commits instead.
 * - Events are append-only: a trigger refuses UPDATE, DELETE and TRUNCATE. A superuser
 *   can still disable it, which is what verify() is for.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE events (
      position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      stream_id text NOT NULL,
      stream_type text NOT NULL,
      stream_version integer NOT NULL CHECK (stream_version > 0),
      event_id uuid NOT NULL,
      type text NOT NULL,
      schema_version integer NOT NULL CHECK (schema_version > 0),
      data jsonb NOT NULL,
      metadata jsonb NOT NULL,
      recorded_at timestamptz(3) NOT NULL,
      transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
      prev_hash text,
      hash text NOT NULL,
      CONSTRAINT events_event_id_key UNIQUE (event_id),
      CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version)
    )`.execute(db);
  await sql`CREATE INDEX events_transaction_order_idx ON events (transaction_id, position)`.execute(db);

  await sql`
    CREATE TABLE streams (
      stream_id text PRIMARY KEY,
      stream_type text NOT NULL,
      version integer NOT NULL,
      last_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE subscriptions (
      name text PRIMARY KEY,
      last_transaction_id xid8 NOT NULL,
      last_position bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE FUNCTION events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'events are append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_refuse_change()`.execute(db);
  await sql`
    CREATE TRIGGER events_append_only_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change()`.execute(db);

  // Returns instead of raising on a conflict or a duplicate, so a caller's own
  // transaction is not aborted by an expected outcome. A scalar jsonb result rather
  // than a row type: called as `SELECT f(…)` there is no function scan (cheaper in the
  // benchmark), and the driver parses it as JSON.
  // The hashed text is the canonical form documented in event-hash.ts: data and
  // metadata arrive already canonical (sorted keys) and are stored from the same text;
  // stream id and type match restrictive patterns, so they need no JSON escaping.
  await sql`
    CREATE FUNCTION event_store_append(
      p_stream_id text,
      p_stream_type text,
      p_expected text,
      p_expected_version integer,
      p_event_ids uuid[],
      p_types text[],
      p_schema_versions integer[],
      p_data text[],
      p_metadata text[],
      p_check_existing boolean
    ) RETURNS jsonb LANGUAGE plpgsql AS $$
    DECLARE
      v_count integer := cardinality(p_event_ids);
      v_version integer;
      v_hash text;
      v_hashes text[] := '{}';
      v_prev_hashes text[] := '{}';
      v_recorded_at timestamptz := date_trunc('milliseconds', statement_timestamp());
      v_recorded_text text;
      v_found integer;
      v_foreign integer;
      v_position bigint;
      v_positions bigint[];
      v_stored_version integer;
    BEGIN
      PERFORM pg_advisory_xact_lock(1215, hashtext(p_stream_id));

      IF p_check_existing THEN
        SELECT count(*), count(*) FILTER (WHERE e.stream_id <> p_stream_id),
               array_agg(e.position ORDER BY array_position(p_event_ids, e.event_id)), max(e.stream_version)
          INTO v_found, v_foreign, v_positions, v_stored_version
          FROM events e
         WHERE e.event_id = ANY (p_event_ids);
        IF v_found > 0 THEN
          RETURN jsonb_build_object(
            'result', CASE WHEN v_found = v_count AND v_foreign = 0 THEN 'duplicate' ELSE 'id_conflict' END,
            'version', v_stored_version, 'positions', v_positions);
        END IF;
      END IF;

      SELECT s.version, s.last_hash INTO v_version, v_hash FROM streams s WHERE s.stream_id = p_stream_id;
      IF (p_expected = 'no_stream' AND v_version IS NOT NULL)
         OR (p_expected = 'stream_exists' AND v_version IS NULL)
         OR (p_expected = 'exact' AND coalesce(v_version, 0) <> p_expected_version) THEN
        RETURN jsonb_build_object('result', 'conflict', 'version', v_version);
      END IF;

      v_version := coalesce(v_version, 0);
      v_recorded_text := to_char(v_recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
      FOR i IN 1..v_count LOOP
        v_prev_hashes[i] := v_hash;
        v_hash := encode(sha256(convert_to(
          coalesce(v_hash, '')
          || '{"data":' || p_data[i]
          || ',"metadata":' || p_metadata[i]
          || ',"recordedAt":"' || v_recorded_text
          || '","streamId":"' || p_stream_id
          || '","streamVersion":' || (v_version + i)
          || ',"type":"' || p_types[i] || '"}',
          'UTF8')), 'hex');
        v_hashes[i] := v_hash;
      END LOOP;

      -- A single event (the common case) takes a plain INSERT: measurably cheaper than
      -- the unnest/ORDER BY/array_agg a batch needs.
      IF v_count = 1 THEN
        INSERT INTO events (stream_id, stream_type, stream_version, event_id, type, schema_version,
                            data, metadata, recorded_at, prev_hash, hash)
        VALUES (p_stream_id, p_stream_type, v_version + 1, p_event_ids[1], p_types[1], p_schema_versions[1],
                p_data[1]::jsonb, p_metadata[1]::jsonb, v_recorded_at, v_prev_hashes[1], v_hash)
        RETURNING events.position INTO v_position;
        v_positions := ARRAY[v_position];
      ELSE
        WITH inserted AS (
          INSERT INTO events (stream_id, stream_type, stream_version, event_id, type, schema_version,
                              data, metadata, recorded_at, prev_hash, hash)
          SELECT p_stream_id, p_stream_type, v_version + t.ord::integer, t.event_id, t.type, t.schema_version,
                 t.data::jsonb, t.metadata::jsonb, v_recorded_at, v_prev_hashes[t.ord], v_hashes[t.ord]
            FROM unnest(p_event_ids, p_types, p_schema_versions, p_data, p_metadata)
                 WITH ORDINALITY AS t(event_id, type, schema_version, data, metadata, ord)
           ORDER BY t.ord
          RETURNING events.position
        )
        SELECT array_agg(inserted.position ORDER BY inserted.position) INTO v_positions FROM inserted;
      END IF;

      -- The advisory lock makes the head row ours: a plain UPDATE or INSERT, no upsert machinery.
      IF v_version = 0 THEN
        INSERT INTO streams (stream_id, stream_type, version, last_hash)
        VALUES (p_stream_id, p_stream_type, v_count, v_hash);
      ELSE
        UPDATE streams SET version = v_version + v_count, last_hash = v_hash, updated_at = v_recorded_at
         WHERE stream_id = p_stream_id;
      END IF;

      RETURN jsonb_build_object('result', 'appended', 'version', v_version + v_count, 'positions', v_positions);
    END $$`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP FUNCTION IF EXISTS event_store_append`.execute(db);
  await sql`DROP TABLE IF EXISTS subscriptions`.execute(db);
  await sql`DROP TABLE IF EXISTS streams`.execute(db);
  await sql`DROP TABLE IF EXISTS events`.execute(db);
  await sql`DROP FUNCTION IF EXISTS events_refuse_change`.execute(db);
}
