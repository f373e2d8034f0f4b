import { Kysely } from 'kysely';
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { createKysely, Database } from '@claimtrail/database';

/** Where tests create their throwaway databases: the server's maintenance database. */
export const adminDatabaseUrl = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(adminDatabaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdminClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminDatabaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  db: Kysely<Database>;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/**
 * A fresh, fully migrated database for one test file: a copy of the template that
 * jest's globalSetup migrated once. Never touches a developer's data.
 */
export async function createTestDatabase(poolSize = 10): Promise<TestDatabase> {
  const template = process.env.CLAIMTRAIL_TEST_TEMPLATE;
  if (!template) throw new Error('CLAIMTRAIL_TEST_TEMPLATE is not set: run tests through jest (globalSetup)');
  const name = `claimtrail_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  const url = databaseUrl(name);
  const db = createKysely({ url, poolSize, applicationName: 'claimtrail-test' });
  return {
    name,
    url,
    db,
    drop: async () => {
      await db.destroy();
      await withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
