import { Kysely, Migration } from 'kysely';
import { authMigrations } from '@claimtrail/auth';
import { claimsMigrations } from '@claimtrail/claims';
import { corroborationMigrations } from '@claimtrail/corroboration';
import { migrateToLatest } from '@claimtrail/database';
import { eventStoreMigrations } from '@claimtrail/event-store';
import { projectionsMigrations } from '@claimtrail/projections';

/**
 * Every lib's migrations. Each lib owns the migrations of its own tables and exports
 * them from its index; this is the one place that lists them all.
 */
export const migrations: Record<string, Migration> = {
  ...authMigrations,
  ...claimsMigrations,
  ...corroborationMigrations,
  ...eventStoreMigrations,
  ...projectionsMigrations,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see migrateToLatest
export function migrate(db: Kysely<any>) {
  return migrateToLatest(db, migrations);
}
