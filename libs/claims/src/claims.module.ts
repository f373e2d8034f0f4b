import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventStoreModule } from '@claimtrail/event-store';
import { ClaimEventsModule } from './application/claim-events.module';
import { ClaimWriter } from './application/claim-writer.service';
import { AttachEvidenceBatchHandler } from './application/commands/attach-evidence-batch.handler';
import { AttachEvidenceHandler } from './application/commands/attach-evidence.handler';
import { ConfirmEvidenceHandler } from './application/commands/confirm-evidence.handler';
import { FinishCorroborationHandler } from './application/commands/finish-corroboration.handler';
import { MarkDuplicateHandler } from './application/commands/mark-duplicate.handler';
import { ReportClaimHandler } from './application/commands/report-claim.handler';
import { RequestCorroborationHandler } from './application/commands/request-corroboration.handler';
import { SetEditorVerdictHandler } from './application/commands/set-editor-verdict.handler';
import { WithdrawEditorVerdictHandler } from './application/commands/withdraw-editor-verdict.handler';
import { IdempotencyRepository } from './application/idempotency.repository';
import { PublisherRegistryCache } from './application/publisher-registry-cache';
import { PublisherRepository } from './application/publisher.repository';
import { PublishersService } from './application/publishers.service';
import { GetClaimHistoryHandler } from './application/queries/get-claim-history.handler';
import { GetClaimStateHandler } from './application/queries/get-claim-state.handler';
import { GetClaimStatusHandler } from './application/queries/get-claim-status.handler';

/**
 * The claim commands and queries on the CommandBus/QueryBus, for the API and the
 * workers. The app module imports `CqrsModule.forRoot()` once.
 */
@Module({
  imports: [CqrsModule, EventStoreModule, ClaimEventsModule],
  providers: [
    ClaimWriter,
    IdempotencyRepository,
    PublisherRegistryCache,
    PublisherRepository,
    PublishersService,
    ReportClaimHandler,
    AttachEvidenceHandler,
    AttachEvidenceBatchHandler,
    ConfirmEvidenceHandler,
    RequestCorroborationHandler,
    FinishCorroborationHandler,
    SetEditorVerdictHandler,
    WithdrawEditorVerdictHandler,
    MarkDuplicateHandler,
    GetClaimStateHandler,
    GetClaimStatusHandler,
    GetClaimHistoryHandler,
  ],
  exports: [PublisherRepository, PublishersService],
})
export class ClaimsModule {}
