import { Kysely, Migration } from 'kysely';
import { auditMigrations, auditTableGrants } from '@claimtrail/audit';
import { authMigrations, authTableGrants } from '@claimtrail/auth';
import { claimsMigrations, claimsTableGrants } from '@claimtrail/claims';
import { corroborationMigrations, corroborationTableGrants } from '@claimtrail/corroboration';
import { createAppRole, migrateToLatest, TableGrants } from '@claimtrail/database';
import { eventStoreMigrations, eventStoreTableGrants } from '@claimtrail/event-store';
import { projectionsMigrations, projectionsTableGrants } from '@claimtrail/projections';
import { webhooksMigrations, webhooksTableGrants } from '@claimtrail/webhooks';

/**
 * Every lib's migrations. Each lib owns the migrations of its own tables and exports
 * them from its index; this is the one place that lists them all.
 */
export const migrations: Record<string, Migration> = {
  ...auditMigrations,
  ...authMigrations,
  ...claimsMigrations,
  ...corroborationMigrations,
  ...eventStoreMigrations,
  ...projectionsMigrations,
  ...webhooksMigrations,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see migrateToLatest
export function migrate(db: Kysely<any>) {
  return migrateToLatest(db, migrations);
}

/** Every lib's table grants for the app role, the tables its migrations create. */
export const appTableGrants: TableGrants = {
  ...auditTableGrants,
  ...authTableGrants,
  ...claimsTableGrants,
  ...corroborationTableGrants,
  ...eventStoreTableGrants,
  ...projectionsTableGrants,
  ...webhooksTableGrants,
};

/** Creates or updates the least-privilege role the API and worker connect as (see createAppRole). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see migrateToLatest
export function ensureAppRole(db: Kysely<any>, role: string) {
  return createAppRole(db, role, appTableGrants);
}
