import { Injectable } from '@nestjs/common';
import { Insertable, Selectable, Transaction } from 'kysely';
import { ClaimFacts, ClaimState, claimEventOf, claimIdOf, evolve, ExistingClaim, publisherIdsOf } from '@claimtrail/claims';
import { Database } from '@claimtrail/database';
import { RecordedEvent } from '@claimtrail/event-store';
import { Projection } from '../projection';
import { ClaimStatusTable } from '../projections.tables';

type ClaimStatusRow = Selectable<ClaimStatusTable>;

/** A claim row with the stream position it reflects. */
interface Folded {
  claimId: string;
  state: ExistingClaim;
  version: number;
  lastPosition: number;
  updatedAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Rows per INSERT statement: Postgres allows 65535 parameters, a row takes 21. */
const ROWS_PER_STATEMENT = 1000;

/**
 * The `claim_status` read model: one row per claim, folded with the domain's own
 * `evolve`, so the read model cannot disagree with the aggregate. A batch is applied
 * in three round trips whatever its size: load the rows it touches, fold every event
 * in memory, upsert the results with multi-row statements.
 */
@Injectable()
export class ClaimStatusProjection implements Projection {
  readonly name = 'claim_status';
  readonly table = 'claim_status';
  readonly key = 'id';

  async apply(batch: RecordedEvent[], { trx, table }: { trx: Transaction<Database>; table: string }): Promise<void> {
    // The live table or a rebuild's shadow: both have claim_status's shape.
    const target = table as 'claim_status';
    const byClaim = new Map<string, RecordedEvent[]>();
    for (const event of batch) {
      const claimId = claimIdOf(event.streamId);
      // Claim ids are UUIDs (the row key); another stream named claim-… is not a claim.
      if (claimId === null || !UUID.test(claimId)) continue;
      const events = byClaim.get(claimId);
      if (events) events.push(event);
      else byClaim.set(claimId, [event]);
    }
    if (byClaim.size === 0) return;

    const current = await trx.selectFrom(target).selectAll().where('id', 'in', [...byClaim.keys()]).execute();
    const folded = new Map<string, Folded>(current.map((row) => [row.id, foldedOf(row)]));
    const changed: Folded[] = [];
    for (const [claimId, events] of byClaim) {
      const next = fold(claimId, folded.get(claimId) ?? null, events);
      if (next) changed.push(next);
    }
    for (let i = 0; i < changed.length; i += ROWS_PER_STATEMENT) {
      await trx
        .insertInto(target)
        .values(changed.slice(i, i + ROWS_PER_STATEMENT).map(rowOf))
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => {
            const excluded = <C extends UpdatedColumn>(column: C) => eb.ref(`excluded.${column}`);
            return {
              text: excluded('text'),
              claimant: excluded('claimant'),
              language: excluded('language'),
              article: excluded('article'),
              article_publisher: excluded('article_publisher'),
              cited_urls: excluded('cited_urls'),
              status: excluded('status'),
              reasons: excluded('reasons'),
              evidence: excluded('evidence'),
              corroboration: excluded('corroboration'),
              editor_verdict: excluded('editor_verdict'),
              duplicate_of: excluded('duplicate_of'),
              publishers: excluded('publishers'),
              supporting_count: excluded('supporting_count'),
              refuting_count: excluded('refuting_count'),
              neutral_count: excluded('neutral_count'),
              version: excluded('version'),
              last_position: excluded('last_position'),
              reported_at: excluded('reported_at'),
              updated_at: excluded('updated_at'),
            } satisfies Record<UpdatedColumn, unknown>;
          }),
        )
        .execute();
    }
  }
}

/** Every column an upsert rewrites: all but the key and the generated `search`. */
type UpdatedColumn = Exclude<keyof ClaimStatusTable, 'id' | 'search'>;

/**
 * Folds `events` (one claim's, in stream order) onto the row's state; null when the
 * stream holds no claim yet. Events the row already reflects are skipped, so applying a
 * batch twice changes nothing.
 */
function fold(claimId: string, start: Folded | null, events: RecordedEvent[]): Folded | null {
  let state: ClaimState = start?.state ?? { status: 'none' };
  let result = start;
  for (const event of events) {
    if (result && event.streamVersion <= result.version) continue;
    const claimEvent = claimEventOf(event);
    if (claimEvent) state = evolve(state, claimEvent);
    if (state.status === 'none') continue;
    result = { claimId, state, version: event.streamVersion, lastPosition: event.position, updatedAt: event.recordedAt };
  }
  return result === start ? null : result;
}

function foldedOf(row: ClaimStatusRow): Folded {
  const facts: ClaimFacts = {
    claimId: row.id,
    text: row.text,
    claimant: row.claimant,
    article: row.article,
    citedUrls: row.cited_urls,
    language: row.language,
    reportedAt: row.reported_at.toISOString(),
    evidence: row.evidence,
    corroboration: row.corroboration,
    reasons: row.reasons,
    editorVerdict: row.editor_verdict,
    duplicateOf: row.duplicate_of,
  };
  const state = { ...facts, status: row.status } as ExistingClaim;
  return { claimId: row.id, state, version: row.version, lastPosition: row.last_position, updatedAt: row.updated_at };
}

function rowOf({ claimId, state, version, lastPosition, updatedAt }: Folded): Insertable<ClaimStatusTable> {
  const count = (stance: string) => state.evidence.filter((e) => e.stance === stance).length;
  return {
    id: claimId,
    text: state.text,
    claimant: state.claimant,
    language: state.language,
    article: state.article ? JSON.stringify(state.article) : null,
    article_publisher: state.article?.publisher ?? null,
    cited_urls: JSON.stringify(state.citedUrls),
    status: state.status,
    reasons: JSON.stringify(state.reasons),
    evidence: JSON.stringify(state.evidence),
    corroboration: JSON.stringify(state.corroboration),
    editor_verdict: state.editorVerdict ? JSON.stringify(state.editorVerdict) : null,
    duplicate_of: state.duplicateOf,
    publishers: publisherIdsOf(state),
    supporting_count: count('supports'),
    refuting_count: count('refutes'),
    neutral_count: count('neutral'),
    version,
    last_position: lastPosition,
    reported_at: new Date(state.reportedAt),
    updated_at: updatedAt,
  };
}
