import { Kysely, PostgresDialect } from 'kysely';
import { Pool, PoolConfig, types } from 'pg';
import { Database } from './database';
import { namePreparedStatements } from './prepared-statements';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * int8 (global positions, counts) as JS numbers: positions stay far below 2^53, and
 * numbers keep every consumer simple. Set per pool, not globally.
 */
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return types.getTypeParser(oid, format);
  }) as typeof types.getTypeParser,
};

export interface DatabaseOptions {
  url: string;
  poolSize: number;
  applicationName?: string;
  /**
   * How long a connection may sit idle in the pool before it is closed (0: never); pg's default, 10 s, when
   * absent. A new backend's first append costs ~10× a warm one's (it loads the catalog, compiles the append
   * function, prepares the hot statements), so a long-running process keeps its connections through a lull.
   */
  idleTimeoutMs?: number;
}

export function createPool(
  { url, poolSize, applicationName, idleTimeoutMs }: DatabaseOptions,
  extra: PoolConfig = {},
): Pool {
  const pool = new Pool({
    connectionString: url,
    max: poolSize,
    application_name: applicationName ?? 'claimtrail',
    ...(idleTimeoutMs !== undefined && { idleTimeoutMillis: idleTimeoutMs }),
    types: typeParsers,
    // A crashed client must never hold the subscribers' visibility horizon back for long.
    idle_in_transaction_session_timeout: 60_000,
    // A server that accepts no connection (hung, failing over) fails a request, as an outage, instead of hanging it.
    connectionTimeoutMillis: 10_000,
    ...extra,
  });
  // An idle client whose connection drops (Postgres restarted, or a test database dropped
  // WITH (FORCE) while pool.end() is still closing sockets) is already discarded by the
  // pool; without a listener the pool re-emits that error and crashes the process.
  pool.on('error', () => undefined);
  // The pool only listens on idle clients. A checked-out client whose backend dies between
  // two queries of a transaction would emit an unhandled 'error' and crash the process;
  // with this listener the next query on it fails instead, and the pool discards it.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    namePreparedStatements(client);
  });
  return pool;
}

export function createKysely(options: DatabaseOptions): Kysely<Database> {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: createPool(options) }) });
}
