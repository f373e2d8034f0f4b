/**
 * @claimtrail/claims — the claim aggregate (a pure decider over its events), the
 * verdict policy, the publishers registry, and the CQRS commands and queries the API
 * and workers send (register `ClaimsModule`, with `CqrsModule.forRoot()` in the app).
 */
import { Migration } from 'kysely';
import type { TableGrants } from '@claimtrail/database';
import * as createPublishersAndIdempotency from './migrations/1795981433931-CreatePublishersAndIdempotency';
import * as notifyPublisherChanges from './migrations/1796200000000-NotifyPublisherChanges';
import * as idempotencyRecordAfterLock from './migrations/1796700000000-IdempotencyRecordAfterLock';

// Domain: events, commands, decider, policy.
export * from './domain/claim.events';
export { ATTRIBUTION_KINDS, QUOTE_KINDS, attributionOf } from './domain/claim-attribution';
export type { AttributionKind, ClaimAttribution, QuoteKind } from './domain/claim-attribution';
export type * from './domain/claim.commands';
export { claimDecider, decide, canTransition } from './domain/claim.decider';
export { evolve, foldClaim, initialState, publisherIdsOf } from './domain/claim.state';
export type {
  ClaimState,
  ClaimEvidence,
  ClaimFacts,
  CorroborationRound,
  ExistingClaim,
  NoClaim,
} from './domain/claim.state';
export { verdictPolicy, DEFAULT_POLICY_CONFIG } from './domain/verdict-policy';
export type { PolicyConfig, PolicyInput, PolicyVerdict } from './domain/verdict-policy';
export { unratedPublisher } from './domain/publisher';
export type { Publisher, PublisherRegistry } from './domain/publisher';

// Application: streams, commands, queries, registry.
export { ClaimsModule } from './claims.module';
export { ClaimEventsModule } from './application/claim-events.module';
export { claimStreamFold, claimStreamId, claimIdOf, foldClaimEvents, isClaimEvent } from './application/claim-stream';
export type { RecordedClaimEvent } from './application/claim-stream';
export type { ClaimWriteResult, CommandMetadata, LoadedClaim } from './application/claim-writer.service';
export { PublisherRepository, publisherSlug } from './application/publisher.repository';
export { PublisherRegistryCache } from './application/publisher-registry-cache';
export { PublishersService } from './application/publishers.service';
export type { PublisherInput, PublisherPage } from './application/publishers.service';
export type { PublishersTable } from './application/publisher.repository';
export type { IdempotencyRecordsTable } from './application/idempotency.repository';
export { ReportClaimCommand } from './application/commands/report-claim.command';
export type { ReportClaimPayload } from './application/commands/report-claim.command';
export { AttachEvidenceCommand } from './application/commands/attach-evidence.command';
export type { AttachEvidencePayload, EvidenceToAttach } from './application/commands/attach-evidence.command';
export { AttachEvidenceBatchCommand } from './application/commands/attach-evidence-batch.command';
export type { AttachEvidenceBatchPayload } from './application/commands/attach-evidence-batch.command';
export { ConfirmEvidenceCommand } from './application/commands/confirm-evidence.command';
export type { ConfirmEvidencePayload } from './application/commands/confirm-evidence.command';
export { RequestCorroborationCommand } from './application/commands/request-corroboration.command';
export type { RequestCorroborationPayload } from './application/commands/request-corroboration.command';
export { FinishCorroborationCommand } from './application/commands/finish-corroboration.command';
export type { FinishCorroborationPayload } from './application/commands/finish-corroboration.command';
export { SetEditorVerdictCommand } from './application/commands/set-editor-verdict.command';
export type { SetEditorVerdictPayload } from './application/commands/set-editor-verdict.command';
export { WithdrawEditorVerdictCommand } from './application/commands/withdraw-editor-verdict.command';
export type { WithdrawEditorVerdictPayload } from './application/commands/withdraw-editor-verdict.command';
export { MarkDuplicateCommand } from './application/commands/mark-duplicate.command';
export type { MarkDuplicatePayload } from './application/commands/mark-duplicate.command';
export { GetClaimStateQuery } from './application/queries/get-claim-state.query';
export { GetClaimStatusQuery } from './application/queries/get-claim-status.query';
export type { ClaimStatusAsOf } from './application/queries/get-claim-status.query';
export { GetClaimHistoryQuery } from './application/queries/get-claim-history.query';
export type { ClaimHistoryEntry } from './application/queries/get-claim-history.query';

/** The claims lib's tables (`publishers`, `idempotency_records`); registered in @claimtrail/schema. */
export const claimsMigrations: Record<string, Migration> = {
  '1795981433931-CreatePublishersAndIdempotency': createPublishersAndIdempotency,
  '1796200000000-NotifyPublisherChanges': notifyPublisherChanges,
  '1796700000000-IdempotencyRecordAfterLock': idempotencyRecordAfterLock,
};

/** What the API and worker may do to the claims lib's tables (the app role's grants). */
export const claimsTableGrants: TableGrants = {
  publishers: ['SELECT', 'INSERT', 'UPDATE'],
  idempotency_records: ['SELECT', 'INSERT'],
};
