import { randomBytes } from 'node:crypto';
import { createKysely } from '@claimtrail/database';
import { migrate } from '@claimtrail/schema';
import { databaseUrl, withAdminClient } from './test-database';

/** Migrates once into a template database; each test file copies it (CREATE DATABASE … TEMPLATE). */
export default async function globalSetup(): Promise<void> {
  const name = `claimtrail_template_${randomBytes(4).toString('hex')}`;
  await withAdminClient((c) => c.query(`CREATE DATABASE "${name}"`));
  const db = createKysely({ url: databaseUrl(name), poolSize: 1 });
  try {
    await migrate(db);
  } finally {
    await db.destroy();
  }
  process.env.CLAIMTRAIL_TEST_TEMPLATE = name;
}
