import { Module } from '@nestjs/common';
import { EventStoreModule } from '@claimtrail/event-store';
import { ProjectionMetrics } from './projection-metrics';
import { ProjectionsAdminController } from './projections-admin.controller';

/** Operators' endpoints and metrics; the ProjectionRebuilder comes from the global ProjectionsModule.forApi(). */
@Module({ imports: [EventStoreModule], controllers: [ProjectionsAdminController], providers: [ProjectionMetrics] })
export class ProjectionsAdminModule {}
