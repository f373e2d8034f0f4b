import { ConfigError, loadConfig } from '@claimtrail/config';
import { createDatabaseIfMissing, createKysely } from '@claimtrail/database';
import { migrate } from '@claimtrail/schema';

/** `npm run migrate`: creates the database if needed and applies every pending migration. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (await createDatabaseIfMissing(config.database.url)) console.log('created database');
  const db = createKysely({ url: config.database.url, poolSize: 1, applicationName: 'claimtrail-migrate' });
  try {
    const { results = [] } = await migrate(db);
    for (const r of results) console.log(`${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}`);
    console.log(results.length ? `${results.length} migration(s) applied` : 'database is up to date');
  } finally {
    await db.destroy();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
