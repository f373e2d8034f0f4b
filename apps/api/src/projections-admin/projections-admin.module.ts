import { Module } from '@nestjs/common';
import { ProjectionsAdminController } from './projections-admin.controller';

/** The ProjectionRebuilder comes from the global ProjectionsModule.forApi(). */
@Module({ controllers: [ProjectionsAdminController] })
export class ProjectionsAdminModule {}
