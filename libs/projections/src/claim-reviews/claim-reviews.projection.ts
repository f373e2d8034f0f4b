import { Injectable } from '@nestjs/common';
import { Insertable } from 'kysely';
import { claimIdOf, isClaimEvent } from '@claimtrail/claims';
import { RecordedEvent } from '@claimtrail/event-store';
import { ApplyContext, Projection } from '../projection';
import { ClaimReviewsTable } from '../projections.tables';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Row = Insertable<ClaimReviewsTable>;

/**
 * The `claim_reviews` read model behind ClaimReview publishing: per claim, what it says,
 * who said it, and the editor's verdict in force (set or confirmed by an editor) with the
 * time it was recorded, or that it was withdrawn. The policy's own statuses never publish.
 */
@Injectable()
export class ClaimReviewsProjection implements Projection<Row, 'claim_reviews'> {
  readonly name = 'claim_reviews';
  readonly table = 'claim_reviews';
  readonly key = 'claim_id';
  readonly eventTypes = ['ClaimReported', 'EditorVerdictSet', 'EditorVerdictWithdrawn'] as const;

  async apply(batch: RecordedEvent[], { trx, table: target }: ApplyContext<Row, 'claim_reviews'>): Promise<void> {
    const byClaim = new Map<string, RecordedEvent[]>();
    for (const event of batch) {
      const claimId = claimIdOf(event.streamId);
      if (claimId === null || !UUID.test(claimId)) continue;
      byClaim.set(claimId, [...(byClaim.get(claimId) ?? []), event]);
    }
    if (byClaim.size === 0) return;
    const stored = await trx
      .selectFrom(target)
      .selectAll()
      .where('claim_id', 'in', [...byClaim.keys()])
      .execute();
    const rows = new Map<string, Row>(
      stored.map((row) => [row.claim_id, { ...row, article: JSON.stringify(row.article) }]),
    );
    const changed = new Set<string>();
    for (const [claimId, events] of byClaim) {
      for (const event of events) {
        const row = rows.get(claimId);
        if (row && event.streamVersion <= row.version) continue;
        const next = applyEvent(claimId, row ?? null, event);
        if (!next) continue;
        rows.set(claimId, next);
        changed.add(claimId);
      }
    }
    const values = [...changed].map((id) => rows.get(id)!);
    if (values.length === 0) return;
    await trx
      .insertInto(target)
      .values(values)
      .onConflict((oc) =>
        oc.column('claim_id').doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          reason: eb.ref('excluded.reason'),
          reviewed_at: eb.ref('excluded.reviewed_at'),
          in_force: eb.ref('excluded.in_force'),
          version: eb.ref('excluded.version'),
          last_position: eb.ref('excluded.last_position'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

/** The row after one event; null when the event needs a claim the row does not have. */
function applyEvent(claimId: string, row: Row | null, event: RecordedEvent): Row | null {
  const claimEvent = isClaimEvent(event) ? event : null;
  const progress = { version: event.streamVersion, last_position: event.position, updated_at: event.recordedAt };
  switch (claimEvent?.type) {
    case 'ClaimReported': {
      const d = claimEvent.data;
      return {
        claim_id: claimId,
        text: d.text,
        claimant: d.claimant,
        claimant_publisher: d.claimantPublisher ?? null,
        article: JSON.stringify(d.article ?? null),
        reported_at: new Date(d.reportedAt),
        status: null,
        reason: null,
        reviewed_at: null,
        in_force: false,
        ...progress,
      };
    }
    case 'EditorVerdictSet':
      if (!row) return null;
      return {
        ...row,
        status: claimEvent.data.status,
        reason: claimEvent.data.reason,
        reviewed_at: event.recordedAt,
        in_force: true,
        ...progress,
      };
    case 'EditorVerdictWithdrawn':
      if (!row) return null;
      return { ...row, in_force: false, ...progress };
    default:
      return null;
  }
}
