import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFound } from '@claimtrail/errors';
import { ClaimStatusRepository } from '../claim-status.repository';
import type { ClaimView } from './claim-view';
import { ClaimViewCache } from './claim-view-cache';
import { GetClaimQuery } from './get-claim.query';

@QueryHandler(GetClaimQuery)
export class GetClaimHandler implements IQueryHandler<GetClaimQuery> {
  constructor(
    private readonly claims: ClaimStatusRepository,
    private readonly cache: ClaimViewCache,
  ) {}

  execute({ claimId, minPosition }: GetClaimQuery): Promise<ClaimView> {
    return this.cache.get(claimId, () => this.read(claimId), minPosition);
  }

  private async read(claimId: string): Promise<ClaimView> {
    const row = await this.claims.findWithSimilar(claimId);
    if (!row) throw new NotFound('Claim', claimId);
    return {
      id: row.id,
      text: row.text,
      claimant: row.claimant,
      attribution: row.attribution,
      article: row.article,
      citedUrls: row.cited_urls,
      language: row.language,
      status: row.status,
      reasons: row.reasons,
      evidence: row.evidence,
      editorVerdict: row.editor_verdict,
      duplicateOf: row.duplicate_of,
      corroboration: row.corroboration,
      publishers: row.publishers,
      similar: row.similar,
      reportedAt: row.reported_at.toISOString(),
      version: row.version,
      position: row.last_position,
      updatedAt: row.updated_at.toISOString(),
    };
  }
}
