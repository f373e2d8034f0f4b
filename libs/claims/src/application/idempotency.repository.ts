import { Injectable } from '@nestjs/common';
import { Generated, Transaction, sql } from 'kysely';
import { Database, idempotencyLockName } from '@claimtrail/database';
import { IdempotencyConflict } from '@claimtrail/errors';

export interface IdempotencyRecordsTable {
  actor_key_id: string;
  idempotency_key: string;
  /** sha256 of the command and its payload: the same key with another request is refused. */
  fingerprint: string;
  result: unknown;
  created_at: Generated<Date>;
}

declare module '@claimtrail/database' {
  interface Database {
    idempotency_records: IdempotencyRecordsTable;
  }
}

/**
 * The first result of each (API key, Idempotency-Key), stored in the same transaction
 * as the events it reports. A transaction-scoped advisory lock per key serializes
 * concurrent retries: the second waits, then finds the first's result.
 */
@Injectable()
export class IdempotencyRepository {
  /** Takes the key's lock; returns the stored result, or null when this is the first request. */
  async begin<T>(trx: Transaction<Database>, actorKeyId: string, key: string, fingerprint: string): Promise<T | null> {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${idempotencyLockName(actorKeyId, key)}, 0))`.execute(trx);
    const stored = await trx
      .selectFrom('idempotency_records')
      .select(['fingerprint', 'result'])
      .where('actor_key_id', '=', actorKeyId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    if (!stored) return null;
    if (stored.fingerprint !== fingerprint) {
      throw new IdempotencyConflict(`Idempotency-Key ${JSON.stringify(key)} was already used for a different request`, {
        idempotencyKey: key,
      });
    }
    return stored.result as T;
  }

  async save(
    trx: Transaction<Database>,
    actorKeyId: string,
    key: string,
    fingerprint: string,
    result: unknown,
  ): Promise<void> {
    await trx
      .insertInto('idempotency_records')
      .values({ actor_key_id: actorKeyId, idempotency_key: key, fingerprint, result: JSON.stringify(result) })
      .execute();
  }
}
