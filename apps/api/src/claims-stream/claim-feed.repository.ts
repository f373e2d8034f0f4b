import { Injectable } from '@nestjs/common';
import { Kysely, sql } from 'kysely';
import { claimIdOf, ClaimStatus, isClaimEventType } from '@claimtrail/claims';
import { Database, InjectDb } from '@claimtrail/database';
import { Cursor, EventStore, RecordedEvent } from '@claimtrail/event-store';
import type { ClaimFeedEvent } from './claim-feed-filter';

interface ClaimContextRow {
  stream_id: string;
  version: number;
  publisher: string | null;
  claimant_publisher: string | null;
  status: ClaimStatus | null;
}

/**
 * Reads the claim events of the log for live feeds, in the subscribers' gap-safe order,
 * each with the claim's status right after it and its publishers — taken from the log
 * itself, not a read model, so every API replica serves the same feed whatever its lag.
 */
@Injectable()
export class ClaimFeedRepository {
  constructor(
    private readonly eventStore: EventStore,
    @InjectDb() private readonly db: Kysely<Database>,
  ) {}

  async next(after: Cursor, limit: number): Promise<{ events: ClaimFeedEvent[]; cursor: Cursor; full: boolean }> {
    // Unfiltered by type, so the cursor moves past every event read (other streams' too).
    const events: RecordedEvent[] = [];
    for await (const event of this.eventStore.readFinished({ after })) {
      events.push(event);
      if (events.length === limit) break;
    }
    const last = events[events.length - 1];
    const cursor = last ? { transactionId: last.transactionId, position: last.position } : after;
    const claimEvents = events.filter((e) => claimIdOf(e.streamId) !== null && isClaimEventType(e.type));
    return { events: await this.withContext(claimEvents), cursor, full: events.length === limit };
  }

  private async withContext(events: RecordedEvent[]): Promise<ClaimFeedEvent[]> {
    if (events.length === 0) return [];
    const { rows } = await sql<ClaimContextRow>`
      SELECT b.stream_id, b.version,
             r.data->'article'->>'publisher' AS publisher,
             r.data->>'claimantPublisher' AS claimant_publisher,
             (SELECT s.data->>'to' FROM events s
               WHERE s.stream_id = b.stream_id AND s.stream_version <= b.version AND s.type = 'ClaimStatusChanged'
               ORDER BY s.stream_version DESC LIMIT 1) AS status
        FROM unnest(${events.map((e) => e.streamId)}::text[], ${events.map((e) => e.streamVersion)}::int[])
             AS b(stream_id, version)
        LEFT JOIN events r ON r.stream_id = b.stream_id AND r.stream_version = 1`.execute(this.db);
    const context = new Map(rows.map((row) => [`${row.stream_id}@${row.version}`, row]));
    return events.map((e) => {
      const row = context.get(`${e.streamId}@${e.streamVersion}`);
      return {
        position: e.position,
        claimId: claimIdOf(e.streamId)!,
        type: e.type,
        version: e.streamVersion,
        recordedAt: e.recordedAt.toISOString(),
        data: e.data,
        claim: {
          status: row?.status ?? 'reported',
          publisher: row?.publisher ?? null,
          claimantPublisher: row?.claimant_publisher ?? null,
        },
      };
    });
  }
}
