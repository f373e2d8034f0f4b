import { Kysely, sql } from 'kysely';
import { Database } from '@claimtrail/database';

/**
 * The queries that matter, as functions of a query builder, so their compiled SQL can
 * be snapshot-tested and any change shows in review.
 */

export interface AppendArguments {
  streamId: string;
  streamType: string;
  expected: 'any' | 'no_stream' | 'stream_exists' | 'exact';
  expectedVersion: number | null;
  eventIds: string[];
  types: string[];
  schemaVersions: number[];
  /** Canonical JSON text: stored as jsonb and hashed as is. */
  data: string[];
  metadata: string[];
  checkExisting: boolean;
}

export interface AppendRow {
  result: 'appended' | 'duplicate' | 'conflict' | 'id_conflict';
  result_version: number | null;
  /** int8[] arrives as strings. */
  result_positions: Array<string | number> | null;
}

/** One round trip: lock the stream, dedupe, check the version, chain hashes, insert, notify. */
export function appendQuery(a: AppendArguments) {
  return sql<AppendRow>`select * from event_store_append(${a.streamId}, ${a.streamType}, ${a.expected}, ${a.expectedVersion}::integer, ${a.eventIds}::uuid[], ${a.types}::text[], ${a.schemaVersions}::integer[], ${a.data}::text[], ${a.metadata}::text[], ${a.checkExisting})`;
}

const EVENT_COLUMNS = [
  'position',
  'stream_id',
  'stream_type',
  'stream_version',
  'event_id',
  'type',
  'schema_version',
  'data',
  'metadata',
  'recorded_at',
  'transaction_id',
  'prev_hash',
  'hash',
] as const;

export interface StreamPage {
  streamId: string;
  fromVersion: number;
  toVersion?: number;
  until?: Date;
  limit: number;
}

export function readStreamQuery(db: Kysely<Database>, p: StreamPage) {
  return db
    .selectFrom('events')
    .select(EVENT_COLUMNS)
    .where('stream_id', '=', p.streamId)
    .where('stream_version', '>=', p.fromVersion)
    .$if(p.toVersion !== undefined, (q) => q.where('stream_version', '<=', p.toVersion!))
    .$if(p.until !== undefined, (q) => q.where('recorded_at', '<=', p.until!))
    .orderBy('stream_version')
    .limit(p.limit);
}

export interface AllPage {
  fromPosition: number;
  toPosition?: number;
  types?: readonly string[];
  limit: number;
}

/** readAll pages by position (keyset). Not gap-safe by design: it is for audits and exports; follow the log with subscribe(). */
export function readAllQuery(db: Kysely<Database>, p: AllPage) {
  return db
    .selectFrom('events')
    .select(EVENT_COLUMNS)
    .where('position', '>=', p.fromPosition)
    .$if(p.toPosition !== undefined, (q) => q.where('position', '<=', p.toPosition!))
    .$if(p.types !== undefined, (q) => q.where('type', 'in', p.types!))
    .orderBy('position')
    .limit(p.limit);
}

export type EventRow = Awaited<ReturnType<ReturnType<typeof readAllQuery>['execute']>>[number];
