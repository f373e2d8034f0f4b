import { randomUUID } from 'node:crypto';
import { Kysely, Transaction } from 'kysely';
import type { Database } from '@claimtrail/database';
import { IdempotencyConflict } from '@claimtrail/errors';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { IdempotencyRepository } from './idempotency.repository';

describe('IdempotencyRepository', () => {
  let database: TestDatabase;
  const repository = new IdempotencyRepository();

  beforeAll(async () => {
    database = await createTestDatabase(4);
  });
  afterAll(() => database.drop());

  /** Runs `fn` in a transaction and resolves with its result once it committed. */
  const inTransaction = <T>(db: Kysely<Database>, fn: (trx: Transaction<Database>) => Promise<T>) =>
    db.transaction().execute(fn);

  it('takes the lock and reads the record in one statement', async () => {
    await inTransaction(database.db, async (trx) => {
      const executed = jest.spyOn(trx.getExecutor(), 'executeQuery');
      await repository.begin(trx, 'k1', randomUUID(), 'f');
      expect(executed).toHaveBeenCalledTimes(1);
      executed.mockRestore();
    });
  });

  it('a concurrent retry waits for the first request, then gets its result', async () => {
    const key = randomUUID();
    let commitFirst!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => (commitFirst = resolve));
    let firstBegun!: () => void;
    const firstHasLock = new Promise<void>((resolve) => (firstBegun = resolve));
    const first = inTransaction(database.db, async (trx) => {
      expect(await repository.begin(trx, 'k1', key, 'f')).toBeNull();
      firstBegun();
      await firstMayCommit;
      await repository.save(trx, 'k1', key, 'f', { id: 'first' });
    });
    await firstHasLock;
    // The retry's read must come after the lock: a snapshot taken before it would miss the first's record.
    const retry = inTransaction(database.db, (trx) => repository.begin(trx, 'k1', key, 'f'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    commitFirst();
    await first;
    await expect(retry).resolves.toEqual({ id: 'first' });
  });

  it('refuses the same key with another request, per API key', async () => {
    const key = randomUUID();
    await inTransaction(database.db, async (trx) => {
      await repository.begin(trx, 'k1', key, 'f');
      await repository.save(trx, 'k1', key, 'f', { id: 'x' });
    });
    await expect(inTransaction(database.db, (trx) => repository.begin(trx, 'k1', key, 'other'))).rejects.toBeInstanceOf(
      IdempotencyConflict,
    );
    await expect(inTransaction(database.db, (trx) => repository.begin(trx, 'k2', key, 'other'))).resolves.toBeNull();
  });
});
