import { Module } from '@nestjs/common';
import { EventStore, EventStoreModule } from '@claimtrail/event-store';
import { claimUpcasters } from './claim-upcasters';

const CLAIM_UPCASTERS = Symbol('CLAIM_UPCASTERS');

/**
 * Registers the claim events' upcasters on the process's EventStore. Every module that reads
 * claim events (ClaimsModule, the projections) imports it; Nest builds it once per app, and
 * providers are built before any subscription starts, so no read sees an old event unlifted.
 */
@Module({
  imports: [EventStoreModule],
  providers: [
    {
      provide: CLAIM_UPCASTERS,
      inject: [EventStore],
      useFactory: (eventStore: EventStore) => {
        for (const { type, fromSchemaVersion, upcast } of claimUpcasters)
          eventStore.registerUpcaster(type, fromSchemaVersion, upcast);
        return claimUpcasters;
      },
    },
  ],
})
export class ClaimEventsModule {}
