import { Transaction } from 'kysely';
import { Database } from '@claimtrail/database';
import { RecordedEvent } from '@claimtrail/event-store';

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
  apply(batch: RecordedEvent[], ctx: { trx: Transaction<Database>; table: string }): Promise<void>;
}

/** The subscription name of a projection's live projector. */
export const liveSubscriptionName = (projection: Pick<Projection, 'name'>) => `projection:${projection.name}`;

/** The subscription name of a projection's rebuild (or drift check). */
export const shadowSubscriptionName = (projection: Pick<Projection, 'name'>, purpose: 'rebuild' | 'drift') =>
  `projection:${projection.name}:${purpose}`;

/** Injection token for the list of projections (`Projection[]`). */
export const PROJECTIONS = Symbol('PROJECTIONS');
