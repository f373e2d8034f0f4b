import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap, OnModuleDestroy, Type } from '@nestjs/common';
import type { Job, WorkerOptions } from 'bullmq';
import { JobDispatcher, JobResult, QueueName } from '@claimtrail/jobs';

/**
 * The BullMQ worker of one queue, handing every job to the dispatcher, with its settings baked into
 * the `@Processor` options (they are static decorator metadata, hence the class factory). It starts
 * consuming only after boot, once the dispatcher has checked that every job has its handler; at
 * shutdown it stops taking jobs and waits for the active ones before the database and the sources
 * close (`worker.close()` in onModuleDestroy, which Nest runs before the shutdown hooks that close them).
 */
export function dispatchingProcessor(
  queue: QueueName,
  options: Pick<WorkerOptions, 'concurrency' | 'lockDuration' | 'stalledInterval'>,
  loggerName: string,
): Type<WorkerHost> {
  @Processor(queue, { ...options, autorun: false })
  class DispatchingProcessor extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
    private readonly logger = new Logger(loggerName);

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
  return DispatchingProcessor;
}
