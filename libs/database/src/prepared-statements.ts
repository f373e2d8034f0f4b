import { createHash } from 'node:crypto';
import type { CompiledQuery } from 'kysely';
import type { PoolClient } from 'pg';

/** Statement texts run as named prepared statements, and their names. */
const names = new Map<string, string>();

/**
 * At most this many distinct texts are prepared: each one costs every pooled connection a
 * parsed statement and plan on the server for its lifetime, so a caller that marks texts it
 * builds without bound (IN lists of any length) cannot grow that without bound either.
 */
const MAX_PREPARED_TEXTS = 500;

/**
 * Marks `query` to run as a named prepared statement on every pooled connection (see
 * `createPool`): each connection parses and plans its text once, then only binds and executes
 * it — Postgres's parse and plan were half the server's time of the hot reads and writes
 * (claim by id, stream read, append). For the hot statements only: a statement whose result
 * columns a migration changes would fail on connections that prepared it before (`select *`,
 * `returning *`), so mark only statements that name their columns. Returns `query` unchanged.
 */
export function prepared<R>(query: CompiledQuery<R>): CompiledQuery<R> {
  if (query.parameters.length > 0 && !names.has(query.sql) && names.size < MAX_PREPARED_TEXTS) {
    names.set(query.sql, `claimtrail_${createHash('sha256').update(query.sql).digest('hex').slice(0, 24)}`);
  }
  return query;
}

/**
 * Makes `client` run the texts marked by `prepared` as named statements. Only statements with
 * parameters: those already take the extended protocol (Parse/Bind/Execute), so naming changes
 * nothing else; a text without them (a migration of several statements) stays a simple query.
 */
export function namePreparedStatements(client: PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const [text, values] = args;
    const name = typeof text === 'string' && Array.isArray(values) ? names.get(text) : undefined;
    return name ? query({ name, text, values }, ...args.slice(2)) : query(...args);
  }) as PoolClient['query'];
}
