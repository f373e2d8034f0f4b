import { Kysely, sql } from 'kysely';

/**
 * `event_store_append`, cheaper for the batches a request writes (issue 15; measured in
 * bench/RESULTS.md, API section, 2026-12-02 "Postgres per POST /claims"). Same results, rows and hashes:
 *
 * - Generic plans for its statements (`plan_cache_mode = force_generic_plan`). The lookup of
 *   stored event ids (`event_id = ANY (p_event_ids)`) never won the plan cache's comparison:
 *   its generic plan guesses more array elements than a custom plan sees, so it was planned
 *   anew on every call — 5,219 plans for 5,200 appends in pg_stat_statements under the API
 *   benchmark, planning ~10 % of the backends' CPU in `perf`. Every statement here looks up
 *   or inserts by key, so the generic plan is the custom one.
 * - Batches of up to SMALL_BATCH events take one plain INSERT per event, as a single event
 *   already did: cheaper than the unnest/ORDER BY/array_agg statement a large batch takes.
 *   POST /claims appends two events.
 */
const SMALL_BATCH = 8;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(appendFunction({ smallBatch: SMALL_BATCH, genericPlans: true })).execute(db);
}

/** Back to the function of CreateEventStore: plans chosen per call, a row-by-row insert for one event only. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(appendFunction({ smallBatch: 1, genericPlans: false })).execute(db);
}

/** The function's definition; see CreateEventStore for what it does and why it returns rather than raises. */
function appendFunction({ smallBatch, genericPlans }: { smallBatch: number; genericPlans: boolean }): string {
  return `
    CREATE OR REPLACE FUNCTION event_store_append(
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
    ) RETURNS jsonb LANGUAGE plpgsql ${genericPlans ? 'SET plan_cache_mode = force_generic_plan' : ''} AS $$
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

      IF v_count <= ${smallBatch} THEN
        v_positions := '{}';
        FOR i IN 1..v_count LOOP
          INSERT INTO events (stream_id, stream_type, stream_version, event_id, type, schema_version,
                              data, metadata, recorded_at, prev_hash, hash)
          VALUES (p_stream_id, p_stream_type, v_version + i, p_event_ids[i], p_types[i], p_schema_versions[i],
                  p_data[i]::jsonb, p_metadata[i]::jsonb, v_recorded_at, v_prev_hashes[i], v_hashes[i])
          RETURNING events.position INTO v_position;
          v_positions[i] := v_position;
        END LOOP;
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
    END $$`;
}
