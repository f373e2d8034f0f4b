import { Module } from '@nestjs/common';
import { AuditCheckpointsModule } from '@claimtrail/audit';
import { EventStoreModule } from '@claimtrail/event-store';
import { AuditController } from './audit.controller';

@Module({ imports: [EventStoreModule, AuditCheckpointsModule], controllers: [AuditController] })
export class AuditModule {}
