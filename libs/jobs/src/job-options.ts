import type { JobsOptions } from 'bullmq';

/**
 * Completed jobs are kept a week (at most 100k): while a job is kept, BullMQ refuses a
 * second job with its id. After that the relay's checkpoint alone prevents doubles, which
 * is why the relay, not BullMQ, is what guarantees exactly-once enqueueing.
 */
export const KEEP_COMPLETED = { age: 7 * 24 * 3600, count: 100_000 } as const;

/**
 * Failed jobs (after their last attempt) stay for inspection in Bull Board; bounded so Redis (noeviction) cannot fill
 * up.
 */
export const KEEP_FAILED = { count: 100_000 } as const;

/** Retry settings from configuration. */
export interface RetrySettings {
  /** Tries in all, the first included. */
  attempts: number;
  /** First backoff; it doubles per attempt, with jitter. */
  backoffMs: number;
}

/** The options every Claimtrail job is added with: attempts, exponential backoff with jitter, retention. */
export function jobOptions({ attempts, backoffMs }: RetrySettings): JobsOptions {
  return {
    attempts,
    // jitter 0.5: each retry waits a random time in [½, 1] × backoffMs · 2^(attempt-1).
    backoff: { type: 'exponential', delay: backoffMs, jitter: 0.5 },
    removeOnComplete: KEEP_COMPLETED,
    removeOnFail: KEEP_FAILED,
  };
}
