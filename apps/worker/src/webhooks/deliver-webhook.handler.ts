import { Injectable } from '@nestjs/common';
import {
  done,
  HandlesJob,
  JobContext,
  JobHandler,
  JobName,
  JobResult,
  skipped,
  WebhookDeliveryJob,
} from '@claimtrail/jobs';
import { WebhookDeliveryService } from '@claimtrail/webhooks';

/**
 * One attempt of one webhook delivery (see WebhookDeliveryService). A failed attempt throws
 * and BullMQ tries again after its backoff, until WEBHOOK_MAX_ATTEMPTS; the delivery log
 * shows every attempt.
 */
@Injectable()
@HandlesJob(JobName.DeliverWebhook)
export class DeliverWebhookHandler implements JobHandler<JobName.DeliverWebhook> {
  constructor(private readonly delivery: WebhookDeliveryService) {}

  async handle(payload: WebhookDeliveryJob, job: JobContext): Promise<JobResult> {
    const result = await this.delivery.attempt(payload, { attempt: job.attempt, maxAttempts: job.maxAttempts });
    return result.outcome === 'delivered'
      ? done({ statusCode: result.statusCode, attempt: job.attempt })
      : skipped('the endpoint was disabled');
  }
}
