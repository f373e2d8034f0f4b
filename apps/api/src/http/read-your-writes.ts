import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { AwaitProjectionQuery, CLAIM_STATUS_PROJECTION } from '@claimtrail/projections';

/** The header a read carries when the read model had not reached `minPosition` in time. */
export const PROJECTION_LAG_HEADER = 'X-Projection-Lag';

/**
 * Read-your-writes for a read from `projection`: waits (bounded by config) until it has
 * processed `minPosition`, and otherwise lets the read answer anyway, saying how many
 * positions behind it was.
 */
export async function readYourWrites(
  queries: QueryBus,
  reply: FastifyReply,
  minPosition: number | undefined,
  projection = CLAIM_STATUS_PROJECTION,
): Promise<void> {
  if (minPosition === undefined) return;
  const freshness = await queries.execute(new AwaitProjectionQuery(projection, minPosition));
  if (!freshness.caughtUp) void reply.header(PROJECTION_LAG_HEADER, String(freshness.lag));
}

/** OpenAPI `headers` of a 200 from a read that accepts `minPosition`. */
export const projectionLagHeaders = {
  [PROJECTION_LAG_HEADER]: {
    description:
      'Present when the read model had not reached minPosition within the wait: how many positions behind it was',
    schema: { type: 'integer' },
  },
};
