import { Transaction } from 'kysely';
import { Database } from '@claimtrail/database';
import { RecordedEvent } from '@claimtrail/event-store';

/** What `apply` gets besides the batch. */
export interface ApplyContext {
  /** The subscriber's transaction: it also stores the checkpoint. */
  trx: Transaction<Database>;
  /** The table to write: the live one or a rebuild's shadow (same shape). */
  table: string;
  /**
   * Rebuilds only: the run's working memory, by key. A projection may keep rows here and
   * write them later (in `flush`, which the rebuild calls before it reads the table),
   * so a row touched by many batches is written once: a rebuild's shadow is private, and
   * a rebuild that fails starts over. Live projectors get none.
   */
  pending?: Map<string, unknown>;
}

/**
 * A read model kept by a subscriber of the event log. The runner, the rebuild and the
 * drift check work on any projection through this shape.
 *
 * The table must have a primary key column `key` and a `last_position` column (position
 * of the last event applied to the row): drift checks use it to tell a row that is
 * merely behind from one that is wrong.
 */
export interface Projection {
  /** Unique name; keys its subscription (`projection:<name>`) and its rebuilds. */
  readonly name: string;
  /** The live table; a rebuild fills `<table>_rebuild` (created LIKE the live one) and swaps it in. */
  readonly table: string;
  /** The primary key column. */
  readonly key: string;
  /**
   * Applies a batch of events (in log order) to `table` — the live table or a rebuild's
   * shadow — inside the transaction that also stores the checkpoint.
   */
  apply(batch: RecordedEvent[], ctx: ApplyContext): Promise<void>;
  /** Writes the rows `apply` kept in `ctx.pending`, and empties it. */
  flush?(ctx: ApplyContext & { pending: Map<string, unknown> }): Promise<void>;
}

/** The subscription name of a projection's live projector. */
export const liveSubscriptionName = (projection: Pick<Projection, 'name'>) => `projection:${projection.name}`;

/** The subscription name of a projection's rebuild (or drift check). */
export const shadowSubscriptionName = (projection: Pick<Projection, 'name'>, purpose: 'rebuild' | 'drift') =>
  `projection:${projection.name}:${purpose}`;

/** Injection token for the list of projections (`Projection[]`). */
export const PROJECTIONS = Symbol('PROJECTIONS');
