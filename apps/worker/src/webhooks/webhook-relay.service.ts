import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Transaction } from 'kysely';
import { CLAIM_EVENT_TYPES } from '@claimtrail/claims';
import { AppConfig } from '@claimtrail/config';
import { Database } from '@claimtrail/database';
import { EventStore, RecordedEvent, Subscription, SubscriptionState } from '@claimtrail/event-store';
import { QueueName, webhookDeliveryJob } from '@claimtrail/jobs';
import { matchingDeliveries, WebhookDeliveryRepository, WebhookEndpointRepository } from '@claimtrail/webhooks';
import { OutboxQueue } from '../relay/outbox-queue';
import { throttledWarning } from '../throttled-warning';

/** The webhook relay's subscriber name: its checkpoint and its lock. */
export const WEBHOOK_RELAY_SUBSCRIPTION = 'webhook-relay';

/**
 * The webhook outbox, built like the job relay: a gap-safe subscriber of the claim events
 * that, for every active endpoint asking for an event's type, writes the delivery's row to
 * the delivery log and adds its job (id: endpoint + event position) — the rows in the
 * transaction that advances the checkpoint, the jobs before it commits. Redis down: the
 * batch fails, nothing commits, and it is retried with backoff. A re-relayed batch inserts
 * no second row and BullMQ ignores the ids it holds: an event reaches an endpoint once.
 */
@Injectable()
export class WebhookRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('webhook-relay');
  private readonly queue: OutboxQueue;
  private subscription: Subscription | null = null;
  /** At most one warning per 10 s: an outage retries many times. */
  private readonly warn = throttledWarning(this.logger, 10_000);

  constructor(
    private readonly eventStore: EventStore,
    private readonly endpoints: WebhookEndpointRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly config: AppConfig,
  ) {
    this.queue = new OutboxQueue(QueueName.Webhooks, config.redis, this.warn);
  }

  onApplicationBootstrap(): void {
    this.subscription = this.eventStore.subscribe(WEBHOOK_RELAY_SUBSCRIPTION, (batch, ctx) => this.relay(batch, ctx), {
      types: CLAIM_EVENT_TYPES,
      // From the start: an endpoint's own start cursor decides what it gets, whenever this first runs.
      fromCheckpoint: 'start',
      batchSize: 500,
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

  /** Records and enqueues the deliveries of `batch`; throws (so nothing commits) unless every job is in Redis. */
  async relay(batch: RecordedEvent[], { trx }: { trx: Transaction<Database> }): Promise<void> {
    const endpoints = (await this.endpoints.active(trx)).map((e) => ({
      id: e.id,
      eventTypes: e.eventTypes,
      start: { transactionId: e.start_transaction_id, position: e.start_position },
    }));
    if (endpoints.length === 0) return;
    const matched = matchingDeliveries(batch, endpoints);
    if (matched.length === 0) return;
    await this.deliveries.insertPending(
      trx,
      matched.map(({ endpointId, event }) => ({
        endpointId,
        position: event.position,
        eventId: event.eventId,
        type: event.type,
        streamId: event.streamId,
      })),
    );
    const retry = { attempts: this.config.webhooks.maxAttempts, backoffMs: this.config.webhooks.backoffMs };
    const jobs = matched.map(({ endpointId, event }) =>
      webhookDeliveryJob({ endpointId, position: event.position, eventId: event.eventId }, retry),
    );
    await this.queue.addAll(jobs);
  }
}
