import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap, OnModuleDestroy, Type } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobDispatcher, JobResult, QueueName } from '@claimtrail/jobs';

/** Worker settings from configuration (`corroboration.concurrency` and `corroboration.job`). */
export interface CorroborationWorkerSettings {
  concurrency: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
}

/**
 * The BullMQ worker of the corroboration queue, with its settings baked into the
 * `@Processor` options (they are static decorator metadata, hence the class factory).
 * It starts consuming only after boot, once the dispatcher has checked that every job
 * has its handler; at shutdown it stops taking jobs and waits for the active ones before
 * the database and the sources close (`worker.close()` in onModuleDestroy, which Nest
 * runs before the shutdown hooks that close them).
 *
 * A worker killed outright stops renewing its jobs' locks; after `lockDurationMs` the
 * stalled-job check of any live worker (every `stalledIntervalMs`) puts the job back and
 * it runs again — harmless, since handlers are idempotent.
 */
export function corroborationProcessor(settings: CorroborationWorkerSettings): Type<WorkerHost> {
  @Processor(QueueName.Corroboration, {
    autorun: false,
    concurrency: settings.concurrency,
    lockDuration: settings.lockDurationMs,
    stalledInterval: settings.stalledIntervalMs,
  })
  class CorroborationProcessor extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
    private readonly logger = new Logger('corroboration-worker');

    constructor(private readonly dispatcher: JobDispatcher) {
      super();
    }

    onApplicationBootstrap(): void {
      this.worker.on('error', (error) => this.logger.warn(`worker: ${error.message}`));
      this.worker.run().catch((error: unknown) => this.logger.error(`worker stopped: ${String(error)}`));
    }

    async onModuleDestroy(): Promise<void> {
      await this.worker.close();
    }

    process(job: Job): Promise<JobResult> {
      return this.dispatcher.dispatch(job);
    }
  }
  return CorroborationProcessor;
}
