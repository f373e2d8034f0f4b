import { Injectable } from '@nestjs/common';
import { Kysely } from 'kysely';
import { ClaimState, claimIdOf, ClaimStatus, foldClaimEvents, initialState } from '@claimtrail/claims';
import { Database, InjectDb } from '@claimtrail/database';
import { EventStore } from '@claimtrail/event-store';

/** A claim whose stored (projected) status disagrees with a replay of its events. */
export interface ReplayMismatch {
  id: string;
  /** `status`: same version, different status; `version`: the row reflects another version; `missing`: no row. */
  kind: 'status' | 'version' | 'missing';
  stored: { status: ClaimStatus; version: number } | null;
  replayed: { status: ClaimStatus; version: number };
}

export interface ReplayReport {
  events: number;
  claims: number;
  mismatches: ReplayMismatch[];
  elapsedMs: number;
}

/**
 * Replays the whole log through the claim domain (`evolve`) and compares every claim's
 * recomputed status with the one the claim_status read model stores.
 */
@Injectable()
export class ClaimStatusAudit {
  constructor(
    private readonly eventStore: EventStore,
    @InjectDb() private readonly db: Kysely<Database>,
  ) {}

  async replay(onProgress?: (progress: { processed: number; total: number }) => void): Promise<ReplayReport> {
    const startedAt = Date.now();
    const total = await this.eventStore.headPosition();
    const claims = new Map<string, { state: ClaimState; version: number }>();
    let events = 0;
    for await (const event of this.eventStore.readAll()) {
      if (++events % 5000 === 0) onProgress?.({ processed: events, total });
      const id = claimIdOf(event.streamId);
      if (id === null) continue;
      const claim = claims.get(id) ?? { state: initialState(), version: 0 };
      claim.state = foldClaimEvents([event], claim.state);
      claim.version = event.streamVersion;
      claims.set(id, claim);
    }
    onProgress?.({ processed: events, total });

    const stored = new Map<string, { status: ClaimStatus; version: number }>();
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await this.db
        .selectFrom('claim_status')
        .select(['id', 'status', 'version'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(10_000)
        .execute();
      for (const row of rows) stored.set(row.id, { status: row.status, version: row.version });
      if (rows.length < 10_000) break;
      after = rows[rows.length - 1].id;
    }

    const mismatches: ReplayMismatch[] = [];
    let replayedClaims = 0;
    for (const [id, { state, version }] of claims) {
      if (state.status === 'none') continue;
      replayedClaims++;
      const replayed = { status: state.status, version };
      const row = stored.get(id) ?? null;
      if (!row) mismatches.push({ id, kind: 'missing', stored: null, replayed });
      else if (row.version !== version) mismatches.push({ id, kind: 'version', stored: row, replayed });
      else if (row.status !== state.status) mismatches.push({ id, kind: 'status', stored: row, replayed });
    }
    return { events, claims: replayedClaims, mismatches, elapsedMs: Date.now() - startedAt };
  }
}
