import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@claimtrail/config';
import { DatabaseModule } from '@claimtrail/database';
import { ObservabilityModule } from '@claimtrail/observability';
import { WorkerHeartbeat } from './worker-heartbeat';

/** The background process: BullMQ workers and the event-log subscribers. No HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), ObservabilityModule.forRoot('worker'), DatabaseModule.forRoot('claimtrail-worker')],
      providers: [WorkerHeartbeat],
    };
  }
}
