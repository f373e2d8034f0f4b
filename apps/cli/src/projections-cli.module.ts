import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AppConfig, ConfigModule } from '@claimtrail/config';
import { DatabaseModule } from '@claimtrail/database';
import { ProjectionsModule } from '@claimtrail/projections';

/** What the projection and audit commands need: the database, the event store, the projections' services. */
@Module({})
export class ProjectionsCliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ProjectionsCliModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot('claimtrail-cli'),
        CqrsModule.forRoot(),
        ProjectionsModule.forApi(),
      ],
    };
  }
}
