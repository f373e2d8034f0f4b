import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { publisherSlug } from '@claimtrail/claims';
import { ValidationFailed } from '@claimtrail/errors';
import { ClaimStatusRepository } from '../claim-status.repository';
import type { ClaimPage } from './claim-view';
import { ListClaimsQuery } from './list-claims.query';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The cursor names the last row shown, (reported_at, id): immutable, so pages never shift. */
function encodeCursor(reportedAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([reportedAt.toISOString(), id])).toString('base64url');
}

/** A forged cursor may hold a date JavaScript parses but Postgres cannot store (year 275760): refuse it as a 400. */
const storableDate = (date: Date) =>
  !Number.isNaN(date.getTime()) && date.getUTCFullYear() >= 1 && date.getUTCFullYear() <= 9999;

function decodeCursor(cursor: string): { reportedAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const reportedAt = new Date(String(at));
    if (typeof at === 'string' && storableDate(reportedAt) && typeof id === 'string' && UUID.test(id))
      return { reportedAt, id };
  } catch {
    // fall through: not a cursor of ours
  }
  throw new ValidationFailed([{ field: 'cursor', rule: 'invalid_cursor', message: 'Not a cursor from this API' }]);
}

@QueryHandler(ListClaimsQuery)
export class ListClaimsHandler implements IQueryHandler<ListClaimsQuery> {
  constructor(private readonly claims: ClaimStatusRepository) {}

  async execute({ filter }: ListClaimsQuery): Promise<ClaimPage> {
    const rows = await this.claims.list({
      status: filter.status,
      publishers:
        filter.publisher === undefined ? undefined : [...new Set([filter.publisher, publisherSlug(filter.publisher)])],
      q: filter.q,
      since: filter.since,
      checkable: filter.checkable,
      kind: filter.kind,
      after: filter.cursor === undefined ? undefined : decodeCursor(filter.cursor),
      limit: filter.limit + 1,
    });
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => ({
        id: row.id,
        text: row.text,
        claimant: row.claimant,
        attribution: row.attribution,
        status: row.status,
        publisher: row.article_publisher,
        supportingCount: row.supporting_count,
        refutingCount: row.refuting_count,
        duplicateOf: row.duplicate_of,
        reportedAt: row.reported_at.toISOString(),
        updatedAt: row.updated_at.toISOString(),
        version: row.version,
      })),
      nextCursor: rows.length > filter.limit && last ? encodeCursor(last.reported_at, last.id) : null,
    };
  }
}
