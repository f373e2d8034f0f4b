import { DynamicModule, Module, Provider } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AppConfig } from '@claimtrail/config';
import { ClaimEventsModule } from '@claimtrail/claims';
import { EventStoreModule } from '@claimtrail/event-store';
import { AwaitProjectionHandler } from './await-projection.handler';
import { ClaimReviewsProjection } from './claim-reviews/claim-reviews.projection';
import { ClaimReviewsRepository } from './claim-reviews/claim-reviews.repository';
import { GetClaimReviewHandler } from './claim-reviews/queries/get-claim-review.handler';
import { ListClaimReviewsHandler } from './claim-reviews/queries/list-claim-reviews.handler';
import { GetSimilarClaimsHandler } from './similar-claims/get-similar-claims.handler';
import { SimilarClaimsProjection } from './similar-claims/similar-claims.projection';
import { SimilarClaimsRepository } from './similar-claims/similar-claims.repository';
import { ClaimStatusAudit } from './claim-status/claim-status-audit';
import { ClaimStatusProjection } from './claim-status/claim-status.projection';
import { ClaimStatusRepository } from './claim-status/claim-status.repository';
import { OpenRoundsProjection } from './open-rounds/open-rounds.projection';
import { OpenRoundsRepository } from './open-rounds/open-rounds.repository';
import { GetClaimHandler } from './claim-status/queries/get-claim.handler';
import { ClaimViewCache } from './claim-status/queries/claim-view-cache';
import { ListClaimsHandler } from './claim-status/queries/list-claims.handler';
import { Projection, PROJECTIONS } from './projection';
import { ProjectionRebuilder } from './projection-rebuilder';
import { ProjectionRunner, RUN_PROJECTORS } from './projection-runner';

const projectionProviders: Provider[] = [
  ClaimStatusProjection,
  OpenRoundsProjection,
  ClaimReviewsProjection,
  SimilarClaimsProjection,
  {
    provide: PROJECTIONS,
    inject: [ClaimStatusProjection, OpenRoundsProjection, ClaimReviewsProjection, SimilarClaimsProjection],
    useFactory: (...projections: Projection[]) => projections,
  },
];

/**
 * The read side: the projections (`claim_status`, `open_corroboration_rounds`, `claim_reviews`, `similar_claims`),
 * their projectors, rebuild and drift tools, and the queries over them on the QueryBus.
 */
@Module({})
export class ProjectionsModule {
  /** For the API (and command-line tools): queries, rebuilds, audits; projectors only with PROJECTIONS_IN_API. */
  static forApi(): DynamicModule {
    return {
      module: ProjectionsModule,
      global: true,
      imports: [CqrsModule, EventStoreModule, ClaimEventsModule],
      providers: [
        ...projectionProviders,
        {
          provide: RUN_PROJECTORS,
          inject: [AppConfig],
          useFactory: (config: AppConfig) => config.projections.runInApi,
        },
        ProjectionRunner,
        ProjectionRebuilder,
        ClaimStatusRepository,
        OpenRoundsRepository,
        ClaimStatusAudit,
        ClaimViewCache,
        GetClaimHandler,
        ListClaimsHandler,
        AwaitProjectionHandler,
        ClaimReviewsRepository,
        GetClaimReviewHandler,
        ListClaimReviewsHandler,
        SimilarClaimsRepository,
        GetSimilarClaimsHandler,
      ],
      exports: [ProjectionRebuilder, ProjectionRunner, ClaimStatusAudit, OpenRoundsRepository],
    };
  }

  /** For the worker: every projection's projector, always on. */
  static forWorker(): DynamicModule {
    return {
      module: ProjectionsModule,
      imports: [EventStoreModule, ClaimEventsModule],
      providers: [...projectionProviders, { provide: RUN_PROJECTORS, useValue: true }, ProjectionRunner],
      exports: [ProjectionRunner],
    };
  }
}
