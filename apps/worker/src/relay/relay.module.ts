import { Module } from '@nestjs/common';
import { EventStoreModule } from '@claimtrail/event-store';
import { JobRelay } from './job-relay.service';

/** The job relay: event log → BullMQ (see JobRelay). */
@Module({ imports: [EventStoreModule], providers: [JobRelay], exports: [JobRelay] })
export class RelayModule {}
