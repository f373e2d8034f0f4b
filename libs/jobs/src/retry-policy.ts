import { UnrecoverableError } from 'bullmq';
import { ClaimtrailError } from '@claimtrail/errors';

/**
 * The one place that decides whether a failed job is tried again. Claimtrail errors say
 * what they are: `unavailable` (a dependency is down) and `concurrency_conflict` (a
 * write raced another) may go better next time; any other (a rule, a missing claim,
 * bad input) will fail the same way again. Errors from outside the family (Postgres,
 * the network) are retried: transient until attempts run out.
 */
export function shouldRetry(error: unknown): boolean {
  if (!(error instanceof ClaimtrailError)) return true;
  return error.code === 'unavailable' || error.code === 'concurrency_conflict';
}

/**
 * `error` as BullMQ should see it: unchanged when worth retrying (BullMQ then backs off
 * and tries again until `attempts` run out), else an UnrecoverableError, which fails the
 * job at once. Failed jobs stay in the failed set for inspection either way.
 */
export function forBullMq(error: unknown): Error {
  if (shouldRetry(error)) return error instanceof Error ? error : new Error(String(error));
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new UnrecoverableError(`not retried (${message})`);
}
