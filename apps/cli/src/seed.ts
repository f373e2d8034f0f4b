import { ConfigError, loadConfig } from '@claimtrail/config';
import { createDatabaseIfMissing, createKysely } from '@claimtrail/database';
import { migrate } from '@claimtrail/schema';
import { loadSeeds } from './load-seeds';

/**
 * `npm run seed`: as the tables' owner (MIGRATION_DATABASE_URL), migrates, then loads seeds/ (publishers, the synthetic
 * archive, demo API keys). Safe to run again.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  await createDatabaseIfMissing(config.database.migrationUrl);
  const db = createKysely({ url: config.database.migrationUrl, poolSize: 2, applicationName: 'claimtrail-seed' });
  try {
    await migrate(db);
    const { publishers, articles, apiKeys } = await loadSeeds(db, config);
    console.log(
      `publishers: ${publishers.created} created, ${publishers.updated} updated, ${publishers.unchanged} unchanged`,
    );
    console.log(`archive articles: ${articles.created} ingested, ${articles.unchanged} already there`);
    console.log(
      `demo API keys: ${apiKeys.created} stored (hashed), ${apiKeys.unchanged} already there; the keys are in ` +
        `seeds/api-keys.json`,
    );
  } finally {
    await db.destroy();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
