import { Kysely, sql, Transaction } from 'kysely';
import { Database } from '@claimtrail/database';
import { AnyProjection } from '../projection';

/** Channel a rebuild's swap notifies (payload: the table swapped in) at its commit. */
export const PROJECTION_SWAPPED_CHANNEL = 'claimtrail_projection_swapped';

/**
 * The private table a rebuild or drift check fills: `<table>_<purpose>`, shaped LIKE the
 * live table. Only its primary key exists while it loads (upserts need it); the live
 * table's other indexes are copied once the rows are in — far cheaper than maintaining
 * them row by row.
 */
export class ShadowTable {
  readonly name: string;

  constructor(
    private readonly projection: AnyProjection,
    purpose: 'rebuild' | 'drift',
  ) {
    this.name = `${projection.table}_${purpose}`;
  }

  /** (Re)creates the empty shadow; a previous run that died leaves one behind. */
  async create(trx: Transaction<Database>): Promise<void> {
    const { table, key } = this.projection;
    await sql`DROP TABLE IF EXISTS ${sql.table(this.name)}`.execute(trx);
    await sql`CREATE TABLE ${sql.table(this.name)} (LIKE ${sql.table(table)} INCLUDING ALL EXCLUDING INDEXES)`.execute(
      trx,
    );
    await sql`ALTER TABLE ${sql.table(this.name)} ADD PRIMARY KEY (${sql.ref(key)})`.execute(trx);
  }

  /**
   * Creates every index of the live table but its primary key, named `<shadow>_…` as LIKE … INCLUDING INDEXES would.
   */
  async copyIndexes(db: Kysely<Database>): Promise<void> {
    const table = this.projection.table;
    // pg_get_indexdef gives `CREATE [UNIQUE] INDEX <name> ON <table> USING <method> (...)`:
    // what follows " USING " is the definition to repeat on the shadow.
    const { rows } = await sql<{ indexname: string; is_unique: boolean; definition: string }>`
      SELECT c.relname AS indexname, x.indisunique AS is_unique,
             substr(pg_get_indexdef(x.indexrelid), strpos(pg_get_indexdef(x.indexrelid), ' USING ') + 1) AS definition
        FROM pg_index x
        JOIN pg_class c ON c.oid = x.indexrelid
       WHERE x.indrelid = ${table}::regclass AND NOT x.indisprimary`.execute(db);
    for (const { indexname, is_unique, definition } of rows) {
      const name = indexname.startsWith(`${table}_`)
        ? this.name + indexname.slice(table.length)
        : `${this.name}_${indexname}`;
      const unique = sql.raw(is_unique ? 'UNIQUE ' : '');
      await sql`CREATE ${unique}INDEX ${sql.id(name)} ON ${sql.table(this.name)} ${sql.raw(definition)}`.execute(db);
    }
  }

  /**
   * Puts the shadow in the live table's place (inside the swap's transaction), indexes renamed to the live names,
   * with the live table's triggers (a shadow has none while it loads, so loading notifies nobody), and tells the
   * listeners of PROJECTION_SWAPPED_CHANNEL that every row may have changed.
   */
  async replaceLive(trx: Transaction<Database>): Promise<void> {
    const table = this.projection.table;
    const retired = `${table}_retired`;
    // pg_get_triggerdef names the table by name: once renamed, the same text creates them on the shadow.
    const { rows: triggers } = await sql<{ definition: string }>`
      SELECT pg_get_triggerdef(oid) AS definition FROM pg_trigger
       WHERE tgrelid = ${table}::regclass AND NOT tgisinternal ORDER BY tgname`.execute(trx);
    await sql`ALTER TABLE ${sql.table(table)} RENAME TO ${sql.id(retired)}`.execute(trx);
    await sql`ALTER TABLE ${sql.table(this.name)} RENAME TO ${sql.id(table)}`.execute(trx);
    await sql`DROP TABLE ${sql.table(retired)}`.execute(trx);
    for (const { definition } of triggers) await sql.raw(definition).execute(trx);
    await sql`SELECT pg_notify(${PROJECTION_SWAPPED_CHANNEL}, ${table})`.execute(trx);
    const { rows } = await sql<{ indexname: string }>`
      SELECT indexname FROM pg_indexes
       WHERE schemaname = current_schema() AND tablename = ${table} AND indexname LIKE ${`${this.name}\\_%`}`.execute(
      trx,
    );
    for (const { indexname } of rows) {
      const renamed = table + indexname.slice(this.name.length);
      await sql`ALTER INDEX ${sql.id(indexname)} RENAME TO ${sql.id(renamed)}`.execute(trx);
    }
  }

  async drop(trx: Transaction<Database>): Promise<void> {
    await sql`DROP TABLE IF EXISTS ${sql.table(this.name)}`.execute(trx);
  }
}
