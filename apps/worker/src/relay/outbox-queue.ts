import { Queue } from 'bullmq';
import { Unavailable } from '@claimtrail/errors';
import { JobRequest, QueueName } from '@claimtrail/jobs';

/** How long one relay batch may wait for Redis: the batch's transaction (and its row lock) stays open meanwhile. */
export const ENQUEUE_TIMEOUT_MS = 5000;

/**
 * The queue an outbox relay adds its jobs to, inside the transaction that advances its checkpoint.
 * It fails fast when Redis is unreachable (no offline queue, one retry per command) rather than
 * holding that transaction open: the batch throws, nothing commits, and the subscriber retries it.
 */
export class OutboxQueue {
  private readonly queue: Queue;

  constructor(name: QueueName, redis: { url: string; queuePrefix: string }, onError: (message: string) => void) {
    this.queue = new Queue(name, {
      connection: {
        url: redis.url,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: ENQUEUE_TIMEOUT_MS,
      },
      prefix: redis.queuePrefix,
    });
    // Connection errors also surface as the failed batch; without a listener they would crash the process.
    this.queue.on('error', (error) => onError(`Redis: ${error.message}`));
  }

  /**
   * Adds every job, or throws Unavailable after ENQUEUE_TIMEOUT_MS. Adding still running then may
   * finish later; that is harmless, as the retried batch re-adds the same job ids (BullMQ ignores them).
   */
  async addAll(jobs: JobRequest[]): Promise<void> {
    if (jobs.length === 0) return;
    const adding = (async () => {
      await this.queue.waitUntilReady();
      await this.queue.addBulk(jobs);
    })();
    adding.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Unavailable(`Redis did not take the jobs within ${ENQUEUE_TIMEOUT_MS} ms`)),
        ENQUEUE_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([adding, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
