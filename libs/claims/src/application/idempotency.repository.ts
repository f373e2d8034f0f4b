import { Injectable } from '@nestjs/common';
import { Generated, Transaction, sql } from 'kysely';
import { Database, idempotencyLockName, prepared } from '@claimtrail/database';
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
  /** Takes the key's lock; returns the stored result, or null when this is the first request. One round trip. */
  async begin<T>(trx: Transaction<Database>, actorKeyId: string, key: string, fingerprint: string): Promise<T | null> {
    const query = sql<{ record: { fingerprint: string; result: T } | null }>`
      SELECT idempotency_record_after_lock(${idempotencyLockName(actorKeyId, key)}, ${actorKeyId}, ${key}) AS record`;
    const { rows } = await trx.executeQuery(prepared(query.compile(trx)));
    const stored = rows[0].record;
    if (!stored) return null;
    if (stored.fingerprint !== fingerprint) {
      throw new IdempotencyConflict(`Idempotency-Key ${JSON.stringify(key)} was already used for a different request`, {
        idempotencyKey: key,
      });
    }
    return stored.result;
  }

  async save(
    trx: Transaction<Database>,
    actorKeyId: string,
    key: string,
    fingerprint: string,
    result: unknown,
  ): Promise<void> {
    const insert = trx
      .insertInto('idempotency_records')
      .values({ actor_key_id: actorKeyId, idempotency_key: key, fingerprint, result: JSON.stringify(result) });
    await trx.executeQuery(prepared(insert.compile()));
  }
}
