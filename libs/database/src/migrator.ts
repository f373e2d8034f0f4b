import { Kysely, Migration, MigrationResultSet, Migrator } from 'kysely';
import { Client } from 'pg';

/**
 * Applies every pending migration, in name order (names start with an epoch-ms
 * timestamp, so migrations from different libs interleave correctly). Kysely takes a
 * Postgres advisory lock, so API and worker may start at the same time.
 *
 * A pending migration named before one already applied still runs (`allowUnorderedMigrations`):
 * libs' migrations are written in parallel, and one that lands after another with a later
 * timestamp must not stop every database that already ran the later one. Each lib's migrations
 * touch only its own tables, so their order across libs does not matter.
 */
export async function migrateToLatest(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run across every lib's typed tables
  db: Kysely<any>,
  migrations: Record<string, Migration>,
): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    allowUnorderedMigrations: true,
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`, { cause: result.error });
  }
  return result;
}

/** Creates the database named in `url` when it does not exist yet (a fresh machine). */
export async function createDatabaseIfMissing(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`DATABASE_URL: unsupported database name "${name}"`);
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const client = new Client({ connectionString: adminUrl.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  } catch (error) {
    // Another process created it between our check and our CREATE.
    if ((error as { code?: string }).code === '42P04') return false;
    throw error;
  } finally {
    await client.end();
  }
}
