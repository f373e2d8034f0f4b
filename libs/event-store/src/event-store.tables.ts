import { ColumnType } from 'kysely';

/** Read-only columns: rows are written by `event_store_append` only, never updated. */
type ReadOnly<T> = ColumnType<T, never, never>;

export interface EventsTable {
  position: ReadOnly<number>;
  stream_id: ReadOnly<string>;
  stream_type: ReadOnly<string>;
  stream_version: ReadOnly<number>;
  event_id: ReadOnly<string>;
  type: ReadOnly<string>;
  schema_version: ReadOnly<number>;
  data: ReadOnly<Record<string, unknown>>;
  metadata: ReadOnly<Record<string, unknown>>;
  recorded_at: ReadOnly<Date>;
  /** xid8, as a decimal string. */
  transaction_id: ReadOnly<string>;
  prev_hash: ReadOnly<string | null>;
  hash: ReadOnly<string>;
}

export interface StreamsTable {
  stream_id: ReadOnly<string>;
  stream_type: ReadOnly<string>;
  version: ReadOnly<number>;
  last_hash: ReadOnly<string>;
  created_at: ReadOnly<Date>;
  updated_at: ReadOnly<Date>;
}

export interface SubscriptionsTable {
  name: string;
  /** xid8, as a decimal string. */
  last_transaction_id: string;
  last_position: number;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

declare module '@claimtrail/database' {
  interface Database {
    events: EventsTable;
    streams: StreamsTable;
    subscriptions: SubscriptionsTable;
  }
}
