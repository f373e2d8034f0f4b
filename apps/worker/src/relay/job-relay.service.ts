import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '@claimtrail/config';
import { EventStore, RecordedEvent, Subscription, SubscriptionState } from '@claimtrail/event-store';
import { QueueName } from '@claimtrail/jobs';
import { jobsFor, RELAYED_EVENT_TYPES } from './relayed-jobs';
import { throttledWarning } from '../throttled-warning';
import { OutboxQueue } from './outbox-queue';

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
  private readonly queue: OutboxQueue;
  private subscription: Subscription | null = null;
  /** At most one warning per 10 s: an outage retries many times. */
  private readonly warn = throttledWarning(this.logger, 10_000);

  constructor(
    private readonly eventStore: EventStore,
    private readonly config: AppConfig,
  ) {
    this.queue = new OutboxQueue(QueueName.Corroboration, config.redis, this.warn);
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
    await this.queue.addAll(jobs);
  }
}
