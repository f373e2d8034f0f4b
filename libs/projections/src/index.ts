/**
 * @claimtrail/projections — the read side: read models derived from the event log
 * (`claim_status`, `open_corroboration_rounds`, `claim_reviews`, `similar_claims`), kept by gap-safe projectors,
 * rebuilt without downtime, checked for drift, and queried through the QueryBus (`GetClaimQuery`, `ListClaimsQuery`,
 * `AwaitProjectionQuery` for read-your-writes).
 */
import { Migration } from 'kysely';
import type { TableGrants } from '@claimtrail/database';
import './projections.tables';
import * as createClaimStatus from './migrations/1795981925031-CreateClaimStatus';
import * as createOpenCorroborationRounds from './migrations/1796113887743-CreateOpenCorroborationRounds';
import * as addClaimAttribution from './migrations/1796113921286-AddClaimAttribution';
import * as createClaimReviews from './migrations/1796113967168-CreateClaimReviews';
import * as createSimilarClaims from './migrations/1796117363758-CreateSimilarClaims';
import * as evidenceAttachedBy from './migrations/1796140000000-EvidenceAttachedBy';
import * as notifyClaimViewChanges from './migrations/1796500000000-NotifyClaimViewChanges';

export { ProjectionsModule } from './projections.module';
export type { AnyProjection, ApplyContext, Projection, ProjectionTable } from './projection';
export { liveSubscriptionName } from './projection';
export { ProjectionRunner, projectorHandler, PROJECTIONS_CHANNEL } from './projection-runner';
export { ProjectionRebuilder } from './projection-rebuilder';
export type {
  DriftReport,
  DriftedRow,
  ProjectionStatus,
  RebuildOptions,
  RebuildProgress,
  RebuildReport,
  RunningRebuild,
} from './projection-rebuilder';
export { ClaimStatusProjection } from './claim-status/claim-status.projection';
export { ClaimStatusAudit } from './claim-status/claim-status-audit';
export { OpenRoundsProjection } from './open-rounds/open-rounds.projection';
export { OpenRoundsRepository } from './open-rounds/open-rounds.repository';
export type { OpenRound, ReplayFrom } from './open-rounds/open-rounds.repository';
export type { ReplayMismatch, ReplayReport } from './claim-status/claim-status-audit';
export type {
  ClaimReviewsTable,
  SimilarClaimsTable,
  ClaimStatusTable,
  OpenCorroborationRoundsTable,
  ProjectionRebuildsTable,
  ProjectionRebuildStatus,
} from './projections.tables';
export { GetClaimQuery } from './claim-status/queries/get-claim.query';
export { ListClaimsQuery } from './claim-status/queries/list-claims.query';
export type { ListClaimsFilter } from './claim-status/queries/list-claims.query';
export type { ClaimView, ClaimSummary, ClaimPage } from './claim-status/queries/claim-view';
export { GetClaimReviewQuery } from './claim-reviews/queries/get-claim-review.query';
export { ListClaimReviewsQuery } from './claim-reviews/queries/list-claim-reviews.query';
export type { ClaimReviewFeedItem, ClaimReviewFeedPage } from './claim-reviews/queries/list-claim-reviews.query';
export type { ClaimReviewDocument } from './claim-reviews/claim-review.json-ld';
export { GetSimilarClaimsQuery } from './similar-claims/get-similar-claims.query';
export type { SimilarClaim } from './similar-claims/similar-claims.repository';
export { scoreClaimPair } from './similar-claims/claim-similarity';
export { AwaitProjectionQuery } from './await-projection.query';
export type { ProjectionFreshness } from './await-projection.query';

/** The name of the claim_status projection (for `AwaitProjectionQuery` and the admin endpoints). */
export const CLAIM_STATUS_PROJECTION = 'claim_status';

/** The read models' tables; registered in @claimtrail/schema. */
export const projectionsMigrations: Record<string, Migration> = {
  '1795981925031-CreateClaimStatus': createClaimStatus,
  '1796113887743-CreateOpenCorroborationRounds': createOpenCorroborationRounds,
  '1796113921286-AddClaimAttribution': addClaimAttribution,
  '1796113967168-CreateClaimReviews': createClaimReviews,
  '1796117363758-CreateSimilarClaims': createSimilarClaims,
  '1796140000000-EvidenceAttachedBy': evidenceAttachedBy,
  '1796500000000-NotifyClaimViewChanges': notifyClaimViewChanges,
};

/**
 * What the API and worker may do to the read models (the app role's grants): it owns the
 * projection tables, since a rebuild swaps a shadow table in (RENAME and DROP need
 * ownership); they are derived from the log and rebuilt from it.
 */
export const projectionsTableGrants: TableGrants = {
  claim_status: 'owner',
  open_corroboration_rounds: 'owner',
  claim_reviews: 'owner',
  similar_claims: 'owner',
  projection_rebuilds: ['SELECT', 'INSERT', 'UPDATE'],
};
