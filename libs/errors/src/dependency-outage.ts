/** Socket-level codes of a dependency that cannot be reached (Node's net/dns errors). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * Postgres SQLSTATEs of a server that is going away or not yet back: connection
 * exceptions (class 08), admin/crash shutdown, "cannot connect now", too many connections.
 */
const POSTGRES_STATES = /^(08...|57P01|57P02|57P03|53300)$/;

/** Messages node-postgres and ioredis give lost connections and full pools (no code of their own). */
const OUTAGE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Connection is closed',
  "Stream isn't writeable",
  'Reached the max retries per request limit',
];

/**
 * Whether `error` says that Postgres or Redis is unreachable (refused, reset, terminated,
 * shutting down, pool timeout) rather than that the request was wrong: such a failure
 * deserves a 503 and a retry, not a 500. Follows `cause` and AggregateError members.
 */
export function isDependencyOutage(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  const { code, message, name, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    name?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || POSTGRES_STATES.test(code))) return true;
  if (name === 'MaxRetriesPerRequestError') return true;
  if (typeof message === 'string' && OUTAGE_MESSAGES.some((m) => message.includes(m))) return true;
  if (Array.isArray(errors) && errors.some((e) => isDependencyOutage(e, depth + 1))) return true;
  return isDependencyOutage(cause, depth + 1);
}
