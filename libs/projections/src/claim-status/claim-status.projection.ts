import { Injectable } from '@nestjs/common';
import { Selectable, sql } from 'kysely';
import {
  CLAIM_EVENT_TYPES,
  ClaimFacts,
  ClaimState,
  claimIdOf,
  ExistingClaim,
  foldClaimEvents,
  publisherIdsOf,
} from '@claimtrail/claims';
import { RecordedEvent } from '@claimtrail/event-store';
import { ApplyContext, Projection } from '../projection';
import { ClaimStatusTable } from '../projections.tables';

/** A claim row with the stream position it reflects. */
interface Folded {
  claimId: string;
  state: ExistingClaim;
  version: number;
  lastPosition: number;
  updatedAt: Date;
}

type StoredColumn = Exclude<keyof ClaimStatusTable, 'search'>;

/** Every stored column (all but the generated `search`) with its SQL type, for jsonb_to_recordset. */
const COLUMNS: Record<StoredColumn, string> = {
  id: 'uuid',
  text: 'text',
  claimant: 'text',
  language: 'text',
  attribution: 'jsonb',
  attribution_kind: 'text',
  checkable: 'boolean',
  article: 'jsonb',
  article_publisher: 'text',
  cited_urls: 'jsonb',
  status: 'text',
  reasons: 'jsonb',
  evidence: 'jsonb',
  corroboration: 'jsonb',
  editor_verdict: 'jsonb',
  duplicate_of: 'uuid',
  publishers: 'text[]',
  supporting_count: 'integer',
  refuting_count: 'integer',
  neutral_count: 'integer',
  version: 'integer',
  last_position: 'bigint',
  reported_at: 'timestamptz',
  updated_at: 'timestamptz',
};
const COLUMN_NAMES = Object.keys(COLUMNS) as StoredColumn[];

/** A row as sent to Postgres inside one JSON document (jsonb values stay JSON, not text). */
type RowDocument = { [C in StoredColumn]: unknown };

/** Claims a rebuild keeps in memory before it writes them out. */
const PENDING_LIMIT = 50_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The `claim_status` read model: one row per claim, folded with the domain's own
 * `evolve`, so the read model cannot disagree with the aggregate. A batch costs two
 * round trips whatever its size: load the rows it touches; fold every event in memory
 * and upsert the results in one statement, whose rows travel as one JSON parameter
 * (json_to_recordset: validated once, each jsonb column parsed once) — far cheaper than
 * thousands of bind parameters. A rebuild keeps the rows in memory and writes each once
 * (see `ApplyContext.pending`).
 */
@Injectable()
export class ClaimStatusProjection implements Projection<Folded, 'claim_status'> {
  readonly name = 'claim_status';
  readonly table = 'claim_status';
  readonly key = 'id';
  readonly eventTypes = CLAIM_EVENT_TYPES;

  async apply(
    batch: RecordedEvent[],
    { trx, table: target, pending }: ApplyContext<Folded, 'claim_status'>,
  ): Promise<void> {
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

    const unknown = pending ? [...byClaim.keys()].filter((id) => !pending.has(id)) : [...byClaim.keys()];
    const current = unknown.length
      ? await trx.selectFrom(target).select(COLUMN_NAMES).where('id', 'in', unknown).execute()
      : [];
    const stored = new Map<string, Folded>(current.map((row) => [row.id, foldedOf(row)]));
    const changed: Folded[] = [];
    for (const [claimId, events] of byClaim) {
      const next = fold(claimId, pending?.get(claimId) ?? stored.get(claimId) ?? null, events);
      if (!next) continue;
      if (pending) pending.set(claimId, next);
      else changed.push(next);
    }
    if (pending && pending.size > PENDING_LIMIT) await this.flush({ trx, table: target, pending });
    await upsert(trx, target, changed);
  }

  async flush({
    trx,
    table,
    pending,
  }: ApplyContext<Folded, 'claim_status'> & { pending: Map<string, Folded> }): Promise<void> {
    await upsert(trx, table, [...pending.values()]);
    pending.clear();
  }
}

/** Rows per statement: each travels inside one JSON document. */
const ROWS_PER_STATEMENT = 2000;

async function upsert(trx: ApplyContext<Folded>['trx'], table: string, rows: Folded[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const documents = rows.slice(i, i + ROWS_PER_STATEMENT).map(rowOf);
    const columns = sql.join(COLUMN_NAMES.map((c) => sql.ref(c)));
    const definitions = sql.join(COLUMN_NAMES.map((c) => sql`${sql.ref(c)} ${sql.raw(COLUMNS[c])}`));
    const updates = sql.join(
      COLUMN_NAMES.filter((c) => c !== 'id').map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`),
    );
    await sql`
      INSERT INTO ${sql.table(table)} (${columns})
      SELECT ${columns} FROM json_to_recordset(${JSON.stringify(documents)}::json) AS r(${definitions})
      ON CONFLICT (id) DO UPDATE SET ${updates}`.execute(trx);
  }
}

/**
 * Folds `events` (one claim's, in stream order) onto the row's state; null when nothing
 * changes (no claim yet, or only events the row already reflects — so applying a batch
 * twice changes nothing).
 */
function fold(claimId: string, start: Folded | null, events: RecordedEvent[]): Folded | null {
  let state: ClaimState = start?.state ?? { status: 'none' };
  let result = start;
  for (const event of events) {
    if (result && event.streamVersion <= result.version) continue;
    state = foldClaimEvents([event], state);
    if (state.status === 'none') continue;
    result = {
      claimId,
      state,
      version: event.streamVersion,
      lastPosition: event.position,
      updatedAt: event.recordedAt,
    };
  }
  return result === start ? null : result;
}

function foldedOf(row: Pick<Selectable<ClaimStatusTable>, StoredColumn>): Folded {
  const facts: ClaimFacts = {
    claimId: row.id,
    text: row.text,
    claimant: row.claimant,
    attribution: row.attribution,
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
  const state = { ...facts, status: row.status };
  return { claimId: row.id, state, version: row.version, lastPosition: row.last_position, updatedAt: row.updated_at };
}

function rowOf({ claimId, state, version, lastPosition, updatedAt }: Folded): RowDocument {
  let supporting = 0;
  let refuting = 0;
  let neutral = 0;
  for (const e of state.evidence) {
    if (e.stance === 'supports') supporting++;
    else if (e.stance === 'refutes') refuting++;
    else neutral++;
  }
  return {
    id: claimId,
    text: state.text,
    claimant: state.claimant,
    language: state.language,
    attribution: state.attribution,
    attribution_kind: state.attribution.kind,
    checkable: state.attribution.checkable,
    article: state.article,
    article_publisher: state.article?.publisher ?? null,
    cited_urls: state.citedUrls,
    status: state.status,
    reasons: state.reasons,
    evidence: state.evidence,
    corroboration: state.corroboration,
    editor_verdict: state.editorVerdict,
    duplicate_of: state.duplicateOf,
    publishers: publisherIdsOf(state),
    supporting_count: supporting,
    refuting_count: refuting,
    neutral_count: neutral,
    version,
    last_position: lastPosition,
    reported_at: state.reportedAt,
    updated_at: updatedAt.toISOString(),
  };
}
