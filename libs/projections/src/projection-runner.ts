import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { sql } from 'kysely';
import { AppConfig } from '@claimtrail/config';
import {
  EventStore,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
  SubscriptionState,
} from '@claimtrail/event-store';
import { AnyProjection, liveSubscriptionName, PROJECTIONS } from './projection';

/** Channel a projector notifies (payload: the projection's name) when a batch commits. */
export const PROJECTIONS_CHANNEL = 'claimtrail_projections';

/** Injection token: whether this process runs the projectors (the worker always; the API when configured). */
export const RUN_PROJECTORS = Symbol('RUN_PROJECTORS');

/**
 * The subscriber handler of `projection` writing into `table`: the batch, and a NOTIFY
 * that wakes whoever waits for it, commit with the checkpoint or not at all.
 */
export function projectorHandler(
  projection: AnyProjection,
  table: string = projection.table,
  pending?: Map<string, unknown>,
): SubscriptionHandler {
  return async (batch, { trx }) => {
    await projection.apply(batch, { trx, table, pending });
    await sql`SELECT pg_notify(${PROJECTIONS_CHANNEL}, ${projection.name})`.execute(trx);
  };
}

/**
 * Runs every projection's live projector: a gap-safe subscription of the event store
 * whose checkpoint is stored in the batch's transaction. Every process may run it; the
 * subscription's advisory lock keeps one instance per projection active across
 * processes, and a standby takes over when the active one dies.
 */
@Injectable()
export class ProjectionRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly subscriptions = new Map<string, Subscription>();

  constructor(
    private readonly eventStore: EventStore,
    @Inject(PROJECTIONS) private readonly projections: AnyProjection[],
    private readonly config: AppConfig,
    @Inject(RUN_PROJECTORS) private readonly enabled: boolean,
  ) {}

  onApplicationBootstrap(): void {
    if (this.enabled) this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Starts the projectors not yet running in this process. */
  start(options: SubscribeOptions = {}): void {
    for (const projection of this.projections) {
      if (this.subscriptions.has(projection.name)) continue;
      const subscription = this.eventStore.subscribe(liveSubscriptionName(projection), projectorHandler(projection), {
        types: projection.eventTypes,
        batchSize: this.config.projections.batchSize,
        ...options,
      });
      this.subscriptions.set(projection.name, subscription);
    }
  }

  /** Stops this process's projectors (each finishes its batch and releases its lock). */
  async stop(): Promise<void> {
    const running = [...this.subscriptions.values()];
    this.subscriptions.clear();
    await Promise.all(running.map((s) => s.stop()));
  }

  /** This process's view of each projector it runs (active or standing by). */
  states(): SubscriptionState[] {
    return [...this.subscriptions.values()].map((s) => s.state());
  }
}
