import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFound } from '@claimtrail/errors';
import { EventStore } from '@claimtrail/event-store';
import { claimStreamId } from '../claim-stream';
import { ClaimHistoryEntry, GetClaimHistoryQuery } from './get-claim-history.query';

@QueryHandler(GetClaimHistoryQuery)
export class GetClaimHistoryHandler implements IQueryHandler<GetClaimHistoryQuery> {
  constructor(private readonly eventStore: EventStore) {}

  async execute({ claimId }: GetClaimHistoryQuery): Promise<ClaimHistoryEntry[]> {
    const history: ClaimHistoryEntry[] = [];
    for await (const e of this.eventStore.readStream(claimStreamId(claimId))) {
      history.push({
        position: e.position,
        version: e.streamVersion,
        eventId: e.eventId,
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: e.data,
        metadata: e.metadata,
        recordedAt: e.recordedAt.toISOString(),
        hash: e.hash,
      });
    }
    if (history.length === 0) throw new NotFound('Claim', claimId);
    return history;
  }
}
