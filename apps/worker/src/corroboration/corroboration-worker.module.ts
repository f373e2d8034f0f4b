import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ClaimsModule } from '@claimtrail/claims';
import { AppConfig } from '@claimtrail/config';
import { CorroborationModule } from '@claimtrail/corroboration';
import { EventStoreModule } from '@claimtrail/event-store';
import { JobDispatcher, JobsModule, QueueName } from '@claimtrail/jobs';
import { OpenRoundsRepository } from '@claimtrail/projections';
import { CorroborateClaimHandler } from './corroborate-claim.handler';
import { CorroborationDeadlineHandler } from './corroboration-deadline.handler';
import { dispatchingProcessor } from '../dispatching-processor';
import { CorroborationRounds } from './corroboration-rounds.service';
import { RoundSweeper } from './round-sweeper.service';

/**
 * The corroboration queue's worker: the processor, the dispatcher, one handler per job,
 * and the round sweeper. Needs `CqrsModule.forRoot()` in the app (the claim commands go through its CommandBus).
 */
@Module({})
export class CorroborationWorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    const { concurrency, job } = config.corroboration;
    return {
      module: CorroborationWorkerModule,
      imports: [DiscoveryModule, JobsModule.forRoot(), ClaimsModule, CorroborationModule, EventStoreModule],
      providers: [
        JobDispatcher,
        CorroborationRounds,
        CorroborateClaimHandler,
        CorroborationDeadlineHandler,
        OpenRoundsRepository,
        RoundSweeper,
        // A worker killed outright stops renewing its jobs' locks; after `lockDuration` the stalled-job check of
        // any live worker (every `stalledInterval`) puts the job back and it runs again: handlers are idempotent.
        dispatchingProcessor(
          QueueName.Corroboration,
          { concurrency, lockDuration: job.lockDurationMs, stalledInterval: job.stalledIntervalMs },
          'corroboration-worker',
        ),
      ],
    };
  }
}
