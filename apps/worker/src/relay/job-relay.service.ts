import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AppConfig } from '@claimtrail/config';
import { EventStore, RecordedEvent, Subscription, SubscriptionState } from '@claimtrail/event-store';
import { QueueName } from '@claimtrail/jobs';
import { jobsFor, RELAYED_EVENT_TYPES } from './relayed-jobs';
import { ENQUEUE_TIMEOUT_MS, withTimeout } from './with-timeout';

/** The relay's subscriber name: its checkpoint and its lock. */
export const RELAY_SUBSCRIPTION = 'corroboration-relay';

/**
 * The job relay (outbox): follows the event log and turns each relayed event into its
 * jobs, with ids derived from the event id. The subscriber stores its checkpoint in the
 * transaction around the handler, after `addBulk` returned: a job is in Redis before the
 * checkpoint passes its event. When Redis is down the handler throws, the checkpoint
 * stays, and the subscriber retries with exponential backoff: work is delayed, never
 * lost. A replay adds jobs whose ids BullMQ still holds, which it ignores; once a job
 * has been removed, the checkpoint is what keeps its event from being relayed again.
 */
@Injectable()
export class JobRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('job-relay');
  /** Fails fast when Redis is unreachable (no offline queue) rather than holding the batch's transaction open. */
  private readonly queue: Queue;
  private subscription: Subscription | null = null;
  private lastWarning = 0;

  constructor(
    private readonly eventStore: EventStore,
    private readonly config: AppConfig,
  ) {
    this.queue = new Queue(QueueName.Corroboration, {
      connection: {
        url: config.redis.url,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: ENQUEUE_TIMEOUT_MS,
      },
      prefix: config.redis.queuePrefix,
    });
    // Connection errors also surface as the failed batch; without a listener they would crash the process.
    this.queue.on('error', (error) => this.warn(`Redis: ${error.message}`));
  }

  onApplicationBootstrap(): void {
    this.subscription = this.eventStore.subscribe(RELAY_SUBSCRIPTION, (batch) => this.relay(batch), {
      types: RELAYED_EVENT_TYPES,
      fromCheckpoint: 'start',
      retryDelayMs: 500,
      maxRetryDelayMs: 30_000,
      onError: (error) =>
        this.warn(`batch not relayed, will retry: ${error instanceof Error ? error.message : String(error)}`),
    });
  }

  /** This process's view of the relay's subscriber (tests, health). */
  state(): SubscriptionState | null {
    return this.subscription?.state() ?? null;
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.stop();
    await this.queue.close();
  }

  /** Enqueues the jobs of `batch`; throws (so the checkpoint stays) unless all are in Redis. */
  async relay(batch: RecordedEvent[]): Promise<void> {
    const retry = {
      attempts: this.config.corroboration.job.attempts,
      backoffMs: this.config.corroboration.job.backoffMs,
    };
    const jobs = batch.flatMap((event) => jobsFor(event, new Date(), retry));
    if (jobs.length === 0) return;
    await withTimeout(
      (async () => {
        await this.queue.waitUntilReady();
        await this.queue.addBulk(jobs);
      })(),
      ENQUEUE_TIMEOUT_MS,
    );
  }

  /** At most one warning per 10 s: an outage retries many times. */
  private warn(message: string): void {
    if (Date.now() - this.lastWarning < 10_000) return;
    this.lastWarning = Date.now();
    this.logger.warn(message);
  }
}
