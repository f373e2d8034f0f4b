import { sql } from 'kysely';
import { createKysely } from './create-kysely';
import { createTestDatabase, TestDatabase } from '../../../test/support/test-database';

describe('createKysely', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(2);
  });
  afterAll(() => database.drop());

  const connectedAs = async (applicationName: string) => {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = ${applicationName}`.execute(database.db);
    return rows[0].n;
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('keeps an idle connection for idleTimeoutMs, then closes it', async () => {
    const db = createKysely({ url: database.url, poolSize: 2, idleTimeoutMs: 400, applicationName: 'idle-probe' });
    try {
      await sql`SELECT 1`.execute(db);
      await sleep(150);
      expect(await connectedAs('idle-probe')).toBe(1);
      for (let waited = 0; waited < 3000 && (await connectedAs('idle-probe')) > 0; waited += 100) await sleep(100);
      expect(await connectedAs('idle-probe')).toBe(0);
    } finally {
      await db.destroy();
    }
  });

  it('survives a backend killed in the middle of a transaction: the transaction fails, the process does not', async () => {
    const db = createKysely({ url: database.url, poolSize: 2 });
    try {
      const outcome = db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx);
        await sql`SELECT pg_terminate_backend(${rows[0].pid})`.execute(database.db);
        // Give the socket time to close while the client is checked out and idle.
        await new Promise((resolve) => setTimeout(resolve, 200));
        await sql`SELECT 1`.execute(trx);
      });
      await expect(outcome).rejects.toThrow();
      const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(db);
      expect(rows[0].one).toBe(1);
    } finally {
      await db.destroy();
    }
  });
});
