import { Module } from '@nestjs/common';
import { ClaimsModule } from '@claimtrail/claims';
import { EventStoreModule } from '@claimtrail/event-store';
import { RecheckRelay } from './recheck-relay.service';
import { RelatedClaimsRepository } from './related-claims.repository';

/** Re-checks on new reporting: ArticleIngested → corroboration rounds of the open claims it relates to. */
@Module({
  imports: [EventStoreModule, ClaimsModule],
  providers: [RecheckRelay, RelatedClaimsRepository],
  exports: [RecheckRelay],
})
export class RecheckModule {}
