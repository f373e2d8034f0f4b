import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ThrottlerModule } from '@nestjs/throttler';
import { ApiKeyGuard, AuthModule } from '@claimtrail/auth';
import { AppConfig, ConfigModule } from '@claimtrail/config';
import { DatabaseModule } from '@claimtrail/database';
import { ObservabilityModule } from '@claimtrail/observability';
import { ProjectionsModule } from '@claimtrail/projections';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { ArticlesModule } from './articles/articles.module';
import { AuditModule } from './audit/audit.module';
import { ClaimReviewsModule } from './claim-reviews/claim-reviews.module';
import { SimilarClaimsModule } from './similar-claims/similar-claims.module';
import { ClaimsHttpModule } from './claims/claims-http.module';
import { ClaimsStreamModule } from './claims-stream/claims-stream.module';
import { HealthModule } from './health/health.module';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { RateLimitGuard } from './http/rate-limit.guard';
import { SharedCountersModule } from './http/shared-counters.module';
import { SharedThrottlerStorage } from './http/shared-throttler-storage';
import { WellFormedTextPipe } from './http/well-formed-text.pipe';
import { ZodValidationPipe } from './http/zod-validation.pipe';
import { MetricsController } from './metrics/metrics.controller';
import { ProjectionsAdminModule } from './projections-admin/projections-admin.module';
import { PublishersModule } from './publishers/publishers.module';
import { QueuesModule } from './queues/queues.module';
import { WebhooksHttpModule } from './webhooks/webhooks.module';

@Module({})
export class ApiModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityModule.forRoot('api'),
        DatabaseModule.forRoot('claimtrail-api'),
        HealthModule,
        AuthModule,
        ApiKeysModule,
        CqrsModule.forRoot(),
        ProjectionsModule.forApi(),
        ClaimsHttpModule,
        ClaimsStreamModule,
        ClaimReviewsModule,
        SimilarClaimsModule,
        PublishersModule,
        QueuesModule,
        ArticlesModule,
        AuditModule,
        ProjectionsAdminModule,
        WebhooksHttpModule,
        // Counters in Redis: the limit holds across API processes (see README, "API keys and roles").
        ThrottlerModule.forRootAsync({
          imports: [SharedCountersModule],
          inject: [AppConfig, SharedThrottlerStorage],
          useFactory: (appConfig: AppConfig, storage: SharedThrottlerStorage) => ({
            throttlers: [{ ttl: 60_000, limit: appConfig.http.rateLimitPerMinute }],
            storage,
          }),
        }),
        SharedCountersModule,
      ],
      controllers: [MetricsController],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        // Pipes run in this order: text Postgres cannot store is refused first, then the DTO's schema.
        { provide: APP_PIPE, useClass: WellFormedTextPipe },
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        // Global guards run in this order: rate limit (also for bad keys), then authentication and roles.
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
      ],
    };
  }
}
