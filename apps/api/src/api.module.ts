import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AppConfig, ConfigModule } from '@claimtrail/config';
import { DatabaseModule } from '@claimtrail/database';
import { ObservabilityModule } from '@claimtrail/observability';
import { HealthModule } from './health/health.module';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { ZodValidationPipe } from './http/zod-validation.pipe';
import { MetricsController } from './metrics/metrics.controller';

@Module({})
export class ApiModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [ConfigModule.forRoot(config), ObservabilityModule.forRoot('api'), DatabaseModule.forRoot('claimtrail-api'), HealthModule],
      controllers: [MetricsController],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useClass: ZodValidationPipe },
      ],
    };
  }
}
