import { Kysely, sql } from 'kysely';

/**
 * EvidenceAttached schema version 3: `foundBy` became `attachedBy`. Rows folded before it hold
 * the old shape in `claim_status.evidence`; they are lifted as the upcaster lifts the events — a
 * source becomes the worker's, a user's key the person, with the role its event recorded — so
 * they match a replay without a rebuild.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    UPDATE claim_status c SET evidence = (
      SELECT jsonb_agg(
        CASE
          WHEN NOT item ? 'foundBy' THEN item
          WHEN item->'foundBy'->>'kind' = 'source' THEN (item - 'foundBy') || jsonb_build_object(
            'attachedBy', jsonb_build_object('kind', 'worker', 'source', item->'foundBy'->'source'))
          ELSE (item - 'foundBy') || jsonb_build_object(
            'attachedBy', jsonb_build_object(
              'kind', 'person',
              'keyId', item->'foundBy'->'keyId',
              'role', coalesce(
                (SELECT e.metadata->'actor'->>'role' FROM events e
                  WHERE e.stream_id = 'claim-' || c.id AND e.type = 'EvidenceAttached'
                    AND e.data->>'evidenceId' = item->>'evidenceId'
                  LIMIT 1),
                'unknown')))
        END ORDER BY ord)
      FROM jsonb_array_elements(c.evidence) WITH ORDINALITY AS x(item, ord))
    WHERE jsonb_path_exists(c.evidence, '$[*].foundBy')`.execute(db);
}

/** Nothing to undo: version 3 readers and the lifted rows agree; older code would rebuild the read model. */
export async function down(): Promise<void> {}
