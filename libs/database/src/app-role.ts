import { Kysely, sql } from 'kysely';

export type TablePrivilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';

/**
 * What the API and worker may do to one table: a list of privileges, or `owner` for a read
 * model that projection rebuilds replace by swapping tables (RENAME and DROP need ownership;
 * read models are derived from the log and can be rebuilt from it).
 */
export type TableAccess = readonly TablePrivilege[] | 'owner';

/** Each lib declares this for its own tables, beside its migrations. */
export type TableGrants = Readonly<Record<string, TableAccess>>;

/** Tables the migrator keeps for itself; the app never touches them. */
const MIGRATOR_TABLES = ['kysely_migration', 'kysely_migration_lock'];

/** What later migrations' tables get until `createAppRole` runs again and applies their declared grants. */
const DEFAULT_TABLE_PRIVILEGES = 'SELECT, INSERT, UPDATE, DELETE';

/** Postgres identifiers we are willing to create: lowercase, unquoted-safe. */
const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Refuses a role name we would have to quote (before anything is migrated). */
export function checkAppRoleName(role: string): void {
  if (!ROLE_NAME.test(role))
    throw new Error(`app role "${role}": use lowercase letters, digits and _ (at most 63, not starting with a digit)`);
}

export interface AppRoleReport {
  role: string;
  created: boolean;
  tables: number;
}

/**
 * Creates (or brings up to date) the role the API and worker connect as: it may log in and
 * use exactly the privileges each lib declares per table — events may be selected and
 * inserted, never updated, deleted or truncated — and nothing else: not a superuser (so it
 * cannot set `session_replication_role` to skip the append-only trigger), not the owner of
 * the log's tables (so it cannot alter them or disable their triggers), no CREATEROLE,
 * CREATEDB, REPLICATION or BYPASSRLS. Run as the tables' owner (the migration role), after
 * migrating; idempotent. Fails when a table has no declared grant, so a new migration's table
 * cannot be forgotten.
 */
export async function createAppRole(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- spans every lib's tables, like the migrator
  db: Kysely<any>,
  role: string,
  grants: TableGrants,
): Promise<AppRoleReport> {
  checkAppRoleName(role);
  return db.transaction().execute(async (trx) => {
    await checkTablesDeclared(trx, grants);
    const created = await ensureLoginRole(trx, role);
    const r = sql.id(role);
    const { rows: me } = await sql<{ super: boolean }>`
      SELECT rolsuper AS super FROM pg_roles WHERE rolname = current_user`.execute(trx);
    // A non-superuser owner must be a member of the app role to hand it read models and to
    // alter them in later migrations; the app role gains nothing from this (membership is one-way).
    if (!me[0].super) await sql`GRANT ${r} TO CURRENT_USER`.execute(trx);
    const { rows: names } = await sql<{ db: string; schema: string }>`
      SELECT current_database() AS db, current_schema() AS schema`.execute(trx);
    const schema = sql.id(names[0].schema);
    await sql`GRANT CONNECT ON DATABASE ${sql.id(names[0].db)} TO ${r}`.execute(trx);
    // CREATE: projection rebuilds and drift checks build their shadow tables (which the role then owns).
    await sql`GRANT USAGE, CREATE ON SCHEMA ${schema} TO ${r}`.execute(trx);
    for (const [table, access] of Object.entries(grants)) {
      if (access === 'owner') {
        await sql`ALTER TABLE ${sql.table(table)} OWNER TO ${r}`.execute(trx);
        continue;
      }
      await sql`REVOKE ALL ON TABLE ${sql.table(table)} FROM ${r}`.execute(trx);
      if (access.length)
        await sql`GRANT ${sql.raw(access.join(', '))} ON TABLE ${sql.table(table)} TO ${r}`.execute(trx);
    }
    await sql`
      ALTER DEFAULT PRIVILEGES FOR ROLE CURRENT_USER IN SCHEMA ${schema}
      GRANT ${sql.raw(DEFAULT_TABLE_PRIVILEGES)} ON TABLES TO ${r}`.execute(trx);
    await sql`
      ALTER DEFAULT PRIVILEGES FOR ROLE CURRENT_USER IN SCHEMA ${schema}
      GRANT USAGE, SELECT ON SEQUENCES TO ${r}`.execute(trx);
    return { role, created, tables: Object.keys(grants).length };
  });
}

/** Every table of the schema has a declared grant, and every declared table exists (the database is migrated). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see createAppRole
async function checkTablesDeclared(db: Kysely<any>, grants: TableGrants): Promise<void> {
  const { rows } = await sql<{ tablename: string }>`
    SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`.execute(db);
  const present = new Set(rows.map((r) => r.tablename));
  const undeclared = [...present].filter((t) => !(t in grants) && !MIGRATOR_TABLES.includes(t));
  const missing = Object.keys(grants).filter((t) => !present.has(t));
  if (undeclared.length)
    throw new Error(`tables without a declared app-role grant (add them to their lib's tableGrants): ${undeclared}`);
  if (missing.length) throw new Error(`tables not found (migrate first): ${missing}`);
}

/** Creates the role, or checks an existing one holds no power beyond its grants. Returns whether it was created. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see createAppRole
async function ensureLoginRole(db: Kysely<any>, role: string): Promise<boolean> {
  const { rows } = await sql<{ rolsuper: boolean; rolbypassrls: boolean; rolreplication: boolean }>`
    SELECT rolsuper, rolbypassrls, rolreplication FROM pg_roles WHERE rolname = ${role}`.execute(db);
  const r = sql.id(role);
  if (rows.length === 0) {
    await sql`CREATE ROLE ${r} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT`.execute(db);
    return true;
  }
  const [existing] = rows;
  if (existing.rolsuper || existing.rolbypassrls || existing.rolreplication)
    throw new Error(`role ${role} exists and is a superuser or has BYPASSRLS/REPLICATION: pick another name`);
  await sql`ALTER ROLE ${r} LOGIN NOCREATEDB NOCREATEROLE`.execute(db);
  return false;
}
