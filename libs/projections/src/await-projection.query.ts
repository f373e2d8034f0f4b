import { Query } from '@nestjs/cqrs';

/** How fresh a projection is for a reader who has seen a given position. */
export interface ProjectionFreshness {
  /** The projection has processed the event at that position. */
  caughtUp: boolean;
  /** Positions behind (0 when caught up): what `X-Projection-Lag` reports. */
  lag: number;
}

/**
 * Read-your-writes: waits (up to `http.readYourWritesTimeoutMs`) until `projection`'s
 * checkpoint covers the event at `position` — the position a write returned.
 */
export class AwaitProjectionQuery extends Query<ProjectionFreshness> {
  constructor(
    readonly projection: string,
    readonly position: number,
  ) {
    super();
  }
}
