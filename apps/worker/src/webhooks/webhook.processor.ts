import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap, OnModuleDestroy, Type } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobDispatcher, JobResult, QueueName } from '@claimtrail/jobs';

/**
 * The BullMQ worker of the webhooks queue (`WEBHOOK_CONCURRENCY` deliveries at once), built
 * like the corroboration processor: it starts after boot, once the dispatcher has checked
 * every job's handler, and at shutdown lets the attempts in flight finish.
 */
export function webhookProcessor(settings: { concurrency: number }): Type<WorkerHost> {
  @Processor(QueueName.Webhooks, { autorun: false, concurrency: settings.concurrency })
  class WebhookProcessor extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
    private readonly logger = new Logger('webhook-worker');

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
  return WebhookProcessor;
}
