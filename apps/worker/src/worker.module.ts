import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditCheckpointsModule } from '@claimtrail/audit';
import { AppConfig, ConfigModule, loadConfig } from '@claimtrail/config';
import { DatabaseModule } from '@claimtrail/database';
import { EventStoreModule } from '@claimtrail/event-store';
import { ObservabilityModule } from '@claimtrail/observability';
import { ProjectionsModule } from '@claimtrail/projections';
import { AuditCheckpointer } from './audit/audit-checkpointer.service';
import { CorroborationWorkerModule } from './corroboration/corroboration-worker.module';
import { RecheckModule } from './recheck/recheck.module';
import { RelayModule } from './relay/relay.module';
import { WebhooksWorkerModule } from './webhooks/webhooks-worker.module';
import { HorizonWatch } from './horizon-watch';
import { WorkerHeartbeat } from './worker-heartbeat';

/** The background process: BullMQ workers and the event-log subscribers. No HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig = loadConfig()): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityModule.forRoot('worker'),
        DatabaseModule.forRoot('claimtrail-worker'),
        CqrsModule.forRoot(),
        EventStoreModule,
        RelayModule,
        RecheckModule,
        ProjectionsModule.forWorker(),
        CorroborationWorkerModule.forRoot(config),
        WebhooksWorkerModule.forRoot(config),
        AuditCheckpointsModule,
      ],
      providers: [WorkerHeartbeat, HorizonWatch, AuditCheckpointer],
    };
  }
}
