import { Transaction } from 'kysely';
import { Database } from '@claimtrail/database';
import { RecordedEvent } from '@claimtrail/event-store';

/** The read-model tables a projection may keep (each lib declares its tables on `Database`). */
export type ProjectionTable = keyof Database & string;

/** What `apply` gets besides the batch. */
export interface ApplyContext<Row, Table extends ProjectionTable = ProjectionTable> {
  /** The subscriber's transaction: it also stores the checkpoint. */
  trx: Transaction<Database>;
  /**
   * The table to write: the live one or, during a rebuild, its shadow. The shadow is
   * created LIKE the live table, so it is typed as the live one.
   */
  table: Table;
  /**
   * Rebuilds only: the run's working memory, by key. A projection may keep rows here and
   * write them later (in `flush`, which the rebuild calls before it reads the table),
   * so a row touched by many batches is written once: a rebuild's shadow is private, and
   * a rebuild that fails starts over. Live projectors get none.
   */
  pending?: Map<string, Row>;
}

/**
 * A read model kept by a subscriber of the event log. The runner, the rebuild and the
 * drift check work on any projection through this shape. `Row` is what the projection
 * keeps in memory per key during a rebuild.
 *
 * The table must have a primary key column `key` and a `last_position` column (position
 * of the last event applied to the row): drift checks use it to tell a row that is
 * merely behind from one that is wrong.
 */
export interface Projection<Row = unknown, Table extends ProjectionTable = ProjectionTable> {
  /** Unique name; keys its subscription (`projection:<name>`) and its rebuilds. */
  readonly name: string;
  /** The live table; a rebuild fills `<table>_rebuild` (created LIKE the live one) and swaps it in. */
  readonly table: Table;
  /** The primary key column. */
  readonly key: string;
  /** The event types it reads: only these reach `apply` (the checkpoint still moves past the others). */
  readonly eventTypes: readonly string[];
  /**
   * Applies a batch of events (in log order) to `table` — the live table or a rebuild's
   * shadow — inside the transaction that also stores the checkpoint.
   */
  apply(batch: RecordedEvent[], ctx: ApplyContext<Row, Table>): Promise<void>;
  /** Writes the rows `apply` kept in `ctx.pending`, and empties it. */
  flush?(ctx: ApplyContext<Row, Table> & { pending: Map<string, Row> }): Promise<void>;
}

/** Any projection, as the runner and the rebuilder handle them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each projection has its own Row and Table
export type AnyProjection = Projection<any, any>;

/** The subscription name of a projection's live projector. */
export const liveSubscriptionName = (projection: Pick<AnyProjection, 'name'>) => `projection:${projection.name}`;

/** The subscription name of a projection's rebuild (or drift check). */
export const shadowSubscriptionName = (projection: Pick<AnyProjection, 'name'>, purpose: 'rebuild' | 'drift') =>
  `projection:${projection.name}:${purpose}`;

/** Injection token for the list of projections (`AnyProjection[]`). */
export const PROJECTIONS = Symbol('PROJECTIONS');
