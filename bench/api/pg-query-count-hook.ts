/**
 * Preloaded into an API process by `bench:api --round-trips` (node -r): counts the Postgres
 * round trips the process makes (every `pg` Client#query, BEGIN and COMMIT included) and
 * keeps their statements, so the bench can say how many a request of each kind costs. On the
 * parent's IPC message `pg-queries:reset` it forgets them; on `pg-queries:read` it answers
 * `pg-queries:counted` with the statements seen since.
 */
import { Client } from 'pg';

let statements: string[] = [];
// The IPC channel must not keep the process alive after Nest's shutdown.
process.channel?.unref();

const query = Client.prototype.query as (...args: unknown[]) => unknown;
Client.prototype.query = function countedQuery(this: Client, ...args: unknown[]) {
  const [config] = args;
  const text = typeof config === 'string' ? config : (config as { text?: string } | undefined)?.text;
  statements.push(typeof text === 'string' ? text.replace(/\s+/g, ' ').slice(0, 160) : '(query object)');
  return query.apply(this, args);
} as typeof Client.prototype.query;

process.on('message', (message: { type: string }) => {
  if (message.type === 'pg-queries:reset') {
    statements = [];
    process.send?.({ type: 'pg-queries:reset-done' });
  } else if (message.type === 'pg-queries:read') {
    process.send?.({ type: 'pg-queries:counted', statements });
  }
});
