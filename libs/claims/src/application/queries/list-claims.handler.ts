import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ValidationFailed } from '@claimtrail/errors';
import { EventStore } from '@claimtrail/event-store';
import type { ClaimReportedData, ClaimStatusChangedData } from '../../domain/claim.events';
import { claimIdOf } from '../claim-stream';
import { publisherSlug } from '../publisher.repository';
import type { ClaimPage, ClaimSummary } from './claim-view';
import { ListClaimsQuery } from './list-claims.query';

/** The cursor is the global position of the last listed claim's report: newer claims never shift older pages. */
function decodeCursor(cursor: string): number {
  const position = Number(Buffer.from(cursor, 'base64url').toString('utf8').replace(/^p:/, ''));
  if (!Number.isSafeInteger(position) || position < 1) throw new ValidationFailed([{ field: 'cursor', rule: 'invalid_cursor', message: 'Not a cursor from this API' }]);
  return position;
}
const encodeCursor = (position: number) => Buffer.from(`p:${position}`).toString('base64url');

/**
 * A stopgap until the claim_status read model exists: scans the log on each request.
 * Correct and simple, not fast; the projections' handler replaces this file.
 */
@QueryHandler(ListClaimsQuery)
export class ListClaimsHandler implements IQueryHandler<ListClaimsQuery> {
  constructor(private readonly eventStore: EventStore) {}

  async execute({ filter }: ListClaimsQuery): Promise<ClaimPage> {
    const before = filter.cursor === undefined ? Number.POSITIVE_INFINITY : decodeCursor(filter.cursor);
    const claims = new Map<string, ClaimSummary & { reportedPosition: number }>();
    for await (const event of this.eventStore.readAll({ types: ['ClaimReported', 'ClaimStatusChanged', 'EvidenceAttached', 'EditorVerdictSet', 'EditorVerdictWithdrawn', 'CorroborationRequested', 'CorroborationFinished', 'ClaimMarkedDuplicate'] })) {
      const id = claimIdOf(event.streamId);
      if (!id) continue;
      if (event.type === 'ClaimReported') {
        const data = event.data as unknown as ClaimReportedData;
        claims.set(id, {
          id,
          text: data.text,
          claimant: data.claimant,
          status: 'reported',
          publisher: data.article?.publisher ?? null,
          reportedAt: data.reportedAt,
          updatedAt: event.recordedAt.toISOString(),
          version: event.streamVersion,
          reportedPosition: event.position,
        });
        continue;
      }
      const claim = claims.get(id);
      if (!claim) continue;
      if (event.type === 'ClaimStatusChanged') claim.status = (event.data as unknown as ClaimStatusChangedData).to;
      claim.updatedAt = event.recordedAt.toISOString();
      claim.version = event.streamVersion;
    }
    const words = (filter.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const matches = [...claims.values()]
      .filter((c) => c.reportedPosition < before)
      .filter((c) => !filter.status || c.status === filter.status)
      .filter((c) => !filter.publisher || c.publisher === filter.publisher || c.publisher === publisherSlug(filter.publisher))
      .filter((c) => !filter.since || new Date(c.reportedAt) >= filter.since)
      .filter((c) => words.every((w) => `${c.text} ${c.claimant}`.toLowerCase().includes(w)))
      .sort((a, b) => b.reportedPosition - a.reportedPosition);
    const page = matches.slice(0, filter.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ reportedPosition: _position, ...summary }) => summary),
      nextCursor: matches.length > filter.limit && last ? encodeCursor(last.reportedPosition) : null,
    };
  }
}
