import { Module } from '@nestjs/common';
import { AuditCheckpointsModule } from '@claimtrail/audit';
import { EventStoreModule } from '@claimtrail/event-store';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

@Module({
  imports: [EventStoreModule, AuditCheckpointsModule],
  controllers: [AuditController],
  providers: [AuditService],
})
export class AuditModule {}
