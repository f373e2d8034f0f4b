import { Kysely, sql } from 'kysely';
import { migrateToLatest } from '@claimtrail/database';
import { createTestDatabase, TestDatabase } from '../../../test/support/test-database';
import { migrations } from './migrations';

describe('migrations', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(2);
  });
  afterAll(() => database.drop());

  it('given a database that ran the latest migration, when one named before it lands later, then it runs', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the late migration's table is no lib's
    const db = database.db as Kysely<any>;
    const names = Object.keys(migrations).sort();
    const [before, last] = names.slice(-2);
    const late = `${Number(before.split('-')[0]) + 1}-LateLanding`;
    expect([before, late, last]).toEqual([...[before, late, last]].sort());

    const result = await migrateToLatest(db, {
      ...migrations,
      [late]: { up: async (trx) => void (await sql`CREATE TABLE late_landing (id int)`.execute(trx)) },
    });
    expect(result.results?.map((r) => [r.migrationName, r.status])).toEqual([[late, 'Success']]);
    expect((await sql`SELECT to_regclass('late_landing') AS t`.execute(db)).rows).toEqual([{ t: 'late_landing' }]);
  });
});
