import { Module } from '@nestjs/common';
import { EventStoreModule } from '@claimtrail/event-store';
import { AuditController } from './audit.controller';

@Module({ imports: [EventStoreModule], controllers: [AuditController] })
export class AuditModule {}
