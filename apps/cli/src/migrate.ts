import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '@claimtrail/config';
import { checkAppRoleName, createDatabaseIfMissing, createKysely } from '@claimtrail/database';
import { ensureAppRole, migrate } from '@claimtrail/schema';

/**
 * `npm run migrate [-- --create-app-role <name>]`: as the tables' owner
 * (MIGRATION_DATABASE_URL, default DATABASE_URL), creates the database if needed and applies
 * every pending migration; with --create-app-role, then creates or updates the
 * least-privilege role the API and worker connect as (idempotent: run it after each upgrade).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'create-app-role': { type: 'string' } } });
  const role = values['create-app-role'];
  if (role !== undefined) checkAppRoleName(role);
  const config = loadConfig();
  const url = config.database.migrationUrl;
  if (await createDatabaseIfMissing(url)) console.log('created database');
  const db = createKysely({ url, poolSize: 1, applicationName: 'claimtrail-migrate' });
  try {
    const { results = [] } = await migrate(db);
    for (const r of results) console.log(`${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}`);
    console.log(results.length ? `${results.length} migration(s) applied` : 'database is up to date');
    if (role !== undefined) {
      const report = await ensureAppRole(db, role);
      console.log(
        `app role ${report.role} ${report.created ? 'created' : 'updated'}: grants on ${report.tables} tables ` +
          '(set its password or authentication yourself, then point DATABASE_URL at it)',
      );
    }
  } finally {
    await db.destroy();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
