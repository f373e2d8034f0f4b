import { Injectable } from '@nestjs/common';
import { claimIdOf, isClaimEvent } from '@claimtrail/claims';
import { AppConfig } from '@claimtrail/config';
import { RecordedEvent } from '@claimtrail/event-store';
import { ApplyContext, Projection } from '../projection';
import { findSimilarClaims, SimilarityScore } from './claim-similarity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The `similar_claims` read model: when a claim is reported, the claims reported before it
 * that say the same thing — near-verbatim (pg_trgm similarity) or reworded (overlap of their
 * English lexemes) — are recorded on it, in log order, so a replay finds the same ones.
 * An editor confirms one with `POST /claims/:id/duplicate-of`.
 */
@Injectable()
export class SimilarClaimsProjection implements Projection<never, 'similar_claims'> {
  readonly name = 'similar_claims';
  readonly table = 'similar_claims';
  readonly key = 'claim_id';
  readonly eventTypes = ['ClaimReported'] as const;

  constructor(private readonly config: AppConfig) {}

  async apply(batch: RecordedEvent[], { trx, table }: ApplyContext<never, 'similar_claims'>): Promise<void> {
    // One claim at a time: a claim reported later in the batch must see the earlier ones.
    for (const event of batch) {
      const claimId = claimIdOf(event.streamId);
      if (claimId === null || !UUID.test(claimId) || !isClaimEvent(event) || event.type !== 'ClaimReported') continue;
      const { minScore, max } = this.config.similarClaims;
      const similar: SimilarityScore[] = await findSimilarClaims(trx, table, {
        text: event.data.text,
        excludeId: claimId,
        minScore,
        limit: max,
      });
      await trx
        .insertInto(table)
        .values({
          claim_id: claimId,
          text: event.data.text,
          matches: JSON.stringify(similar),
          last_position: event.position,
        })
        .onConflict((oc) => oc.column('claim_id').doNothing())
        .execute();
    }
  }
}
