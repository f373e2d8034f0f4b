import { Global, Module } from '@nestjs/common';
import { Kysely } from 'kysely';
import { AppConfig } from '@claimtrail/config';
import { Database, KYSELY } from '@claimtrail/database';
import { EventStore } from './event-store';

/**
 * Provides the one `EventStore` of the process, over the DatabaseModule's Kysely; the
 * database URL from AppConfig serves subscriptions' dedicated connections.
 */
@Global()
@Module({
  providers: [
    {
      provide: EventStore,
      inject: [KYSELY, AppConfig],
      useFactory: (db: Kysely<Database>, config: AppConfig) =>
        new EventStore(db, {
          connectionString: config.database.url,
          maxEventBytes: config.eventStore.maxEventBytes,
          maxBatchEvents: config.eventStore.maxBatchEvents,
          pollIntervalMs: config.eventStore.pollIntervalMs,
        }),
    },
  ],
  exports: [EventStore],
})
export class EventStoreModule {}
