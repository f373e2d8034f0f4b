import { Kysely, sql } from 'kysely';
import { Database } from '@claimtrail/database';
import type { Cursor } from '@claimtrail/event-store';

export const LOG_START: Cursor = { transactionId: '0', position: 0 };

export interface ChainPage {
  after: Cursor;
  /** Only events of transactions below it (finished): what a new checkpoint may cover. */
  horizon?: string;
  /** Only events at or before it: what the checkpoints being verified cover. */
  through?: Cursor;
  limit: number;
}

/** The next events the log chain folds, in the gap-safe (transaction id, position) order, keyset-paged. */
export function chainPageQuery(db: Kysely<Database>, p: ChainPage) {
  return db
    .selectFrom('events')
    .select(['transaction_id as transactionId', 'position', 'hash'])
    .where(sql<boolean>`(transaction_id, position) > (${p.after.transactionId}::xid8, ${p.after.position}::bigint)`)
    .$if(p.horizon !== undefined, (q) => q.where(sql<boolean>`transaction_id < ${p.horizon}::xid8`))
    .$if(p.through !== undefined, (q) =>
      q.where(
        sql<boolean>`(transaction_id, position) <= (${p.through!.transactionId}::xid8, ${p.through!.position}::bigint)`,
      ),
    )
    .orderBy('transaction_id')
    .orderBy('position')
    .limit(p.limit);
}

/** Orders cursors as Postgres orders (xid8, bigint) pairs. */
export function compareCursors(a: Cursor, b: Cursor): number {
  const ta = BigInt(a.transactionId);
  const tb = BigInt(b.transactionId);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.position - b.position;
}
