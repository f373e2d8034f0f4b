import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { claimIdOf, isClaimEvent } from '@claimtrail/claims';
import { RecordedEvent } from '@claimtrail/event-store';
import { ApplyContext, Projection } from '../projection';

/** A row as the projector writes it. */
interface OpenRoundRow {
  id: string;
  claim_id: string;
  request_id: string;
  event_id: string;
  sources: string[];
  deadline: string;
  correlation_id: string;
  position: number;
  last_position: number;
}

/** The row key of a round: a claim's rounds are told apart by their request id. */
export const openRoundKey = (claimId: string, requestId: string) => `${claimId}/${requestId}`;

/**
 * `open_corroboration_rounds`: the rounds requested and not finished yet, with their
 * deadline — what the round sweeper and the relay replay read, from Postgres alone.
 * A round enters with its `CorroborationRequested` and leaves with its
 * `CorroborationFinished` (which always commits later: it is decided on a stream that
 * already holds the request). A batch is netted in memory, then one insert and one delete.
 */
@Injectable()
export class OpenRoundsProjection implements Projection<never, 'open_corroboration_rounds'> {
  readonly name = 'open_corroboration_rounds';
  readonly table = 'open_corroboration_rounds';
  readonly key = 'id';
  readonly eventTypes = ['CorroborationRequested', 'CorroborationFinished'] as const;

  async apply(batch: RecordedEvent[], { trx, table }: ApplyContext<never, 'open_corroboration_rounds'>): Promise<void> {
    const net = new Map<string, OpenRoundRow | null>();
    for (const event of batch) {
      const claimId = claimIdOf(event.streamId);
      if (claimId === null || !isClaimEvent(event)) continue;
      if (event.type === 'CorroborationRequested') {
        const { requestId, sources, deadline } = event.data;
        net.set(openRoundKey(claimId, requestId), {
          id: openRoundKey(claimId, requestId),
          claim_id: claimId,
          request_id: requestId,
          event_id: event.eventId,
          sources,
          deadline,
          correlation_id: event.metadata.correlationId ?? event.eventId,
          position: event.position,
          last_position: event.position,
        });
      } else if (event.type === 'CorroborationFinished') {
        net.set(openRoundKey(claimId, event.data.requestId), null);
      }
    }
    const opened = [...net.values()].filter((row): row is OpenRoundRow => row !== null);
    const finished = [...net.entries()].filter(([, row]) => row === null).map(([id]) => id);
    if (opened.length) {
      await sql`
        INSERT INTO ${sql.table(table)}
               (id, claim_id, request_id, event_id, sources, deadline, correlation_id, position, last_position)
        SELECT id, claim_id, request_id, event_id, sources, deadline, correlation_id, position, last_position
          FROM jsonb_to_recordset(${JSON.stringify(opened)}::jsonb) AS r(
            id text, claim_id uuid, request_id text, event_id uuid, sources jsonb, deadline timestamptz,
            correlation_id text, position bigint, last_position bigint)
        ON CONFLICT (id) DO NOTHING`.execute(trx);
    }
    if (finished.length) await sql`DELETE FROM ${sql.table(table)} WHERE id = ANY(${finished}::text[])`.execute(trx);
  }
}
