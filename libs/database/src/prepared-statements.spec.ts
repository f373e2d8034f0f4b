import { Kysely, sql } from 'kysely';
import { createTestDatabase, TestDatabase } from '../../../test/support/test-database';
import { createKysely } from './create-kysely';
import { Database } from './database';
import { prepared } from './prepared-statements';

/** The statements the one pooled connection has prepared, by text. */
async function preparedOnConnection(db: Kysely<Database>): Promise<Map<string, string>> {
  const { rows } = await sql<{ name: string; statement: string }>`
    SELECT name, statement FROM pg_prepared_statements`.execute(db);
  return new Map(rows.map((r) => [r.statement, r.name]));
}

describe('prepared statements', () => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  beforeAll(async () => {
    database = await createTestDatabase(2);
    // One connection: what one statement prepared, the next one sees.
    db = createKysely({ url: database.url, poolSize: 1 });
    await sql`CREATE TABLE prepared_probe (id int PRIMARY KEY, label text NOT NULL)`.execute(db);
    await sql`INSERT INTO prepared_probe VALUES (1, 'one'), (2, 'two')`.execute(db);
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  const byId = (id: number) => sql<{ label: string }>`SELECT label FROM prepared_probe WHERE id = ${id}`.compile(db);

  it('runs a marked statement as a named prepared statement, with each call its own values', async () => {
    const first = await db.executeQuery(prepared(byId(1)));
    const second = await db.executeQuery(prepared(byId(2)));
    expect([first.rows, second.rows]).toEqual([[{ label: 'one' }], [{ label: 'two' }]]);
    const name = (await preparedOnConnection(db)).get(byId(1).sql);
    expect(name).toMatch(/^claimtrail_[0-9a-f]{24}$/);
  });

  it('leaves unmarked statements unnamed', async () => {
    const unmarked = sql<{ label: string }>`SELECT label FROM prepared_probe WHERE label = ${'one'}`.compile(db);
    expect((await db.executeQuery(unmarked)).rows).toEqual([{ label: 'one' }]);
    expect((await preparedOnConnection(db)).has(unmarked.sql)).toBe(false);
  });

  it('follows a table swapped in by rename (as a projection rebuild does) on a connection that prepared it', async () => {
    expect((await db.executeQuery(prepared(byId(1)))).rows).toEqual([{ label: 'one' }]);
    await db.transaction().execute(async (trx) => {
      await sql`CREATE TABLE prepared_probe_shadow (id int PRIMARY KEY, label text NOT NULL)`.execute(trx);
      await sql`INSERT INTO prepared_probe_shadow VALUES (1, 'rebuilt')`.execute(trx);
      await sql`ALTER TABLE prepared_probe RENAME TO prepared_probe_retired`.execute(trx);
      await sql`ALTER TABLE prepared_probe_shadow RENAME TO prepared_probe`.execute(trx);
      await sql`DROP TABLE prepared_probe_retired`.execute(trx);
    });
    expect((await db.executeQuery(prepared(byId(1)))).rows).toEqual([{ label: 'rebuilt' }]);
  });
});
