import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AppConfig } from '@claimtrail/config';
import { EventStore } from '@claimtrail/event-store';
import { liveSubscriptionName } from './projection';
import { AwaitProjectionQuery, ProjectionFreshness } from './await-projection.query';

@QueryHandler(AwaitProjectionQuery)
export class AwaitProjectionHandler implements IQueryHandler<AwaitProjectionQuery> {
  constructor(
    private readonly eventStore: EventStore,
    private readonly config: AppConfig,
  ) {}

  async execute({ projection, position }: AwaitProjectionQuery): Promise<ProjectionFreshness> {
    if (position <= 0) return { caughtUp: true, lag: 0 };
    const name = liveSubscriptionName({ name: projection });
    // "Covers position P" is the subscriber's rule, not `checkpoint.position >= P`: the
    // checkpoint orders by (transaction id, position), so the store answers it.
    const caughtUp = await this.eventStore.waitUntilProcessed(name, position, {
      timeoutMs: this.config.http.readYourWritesTimeoutMs,
    });
    if (caughtUp) return { caughtUp, lag: 0 };
    const checkpoint = await this.eventStore.checkpointOf(name);
    return { caughtUp, lag: Math.max(1, position - (checkpoint?.position ?? 0)) };
  }
}
