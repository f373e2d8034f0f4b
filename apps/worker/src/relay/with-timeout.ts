import { Unavailable } from '@claimtrail/errors';

/** How long one relay batch may wait for Redis: the batch's transaction (and its row lock) stays open meanwhile. */
export const ENQUEUE_TIMEOUT_MS = 5000;

/**
 * `work`, or Unavailable after `ms`. Work still running then may finish later; that is
 * harmless, as the retried batch re-adds the same job ids.
 */
export async function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Unavailable(`Redis did not take the jobs within ${ms} ms`)), ms);
  });
  work.catch(() => undefined);
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
