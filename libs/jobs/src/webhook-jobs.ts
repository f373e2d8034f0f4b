import { jobOptions, RetrySettings } from './job-options';
import { JobName, webhookJobId, WebhookDeliveryJob } from './queue-names';
import type { JobRequest } from './round-jobs';

/** The job that delivers one event to one endpoint, with its deterministic id and the webhooks' retry settings. */
export function webhookDeliveryJob(delivery: WebhookDeliveryJob, retry: RetrySettings): JobRequest {
  return {
    name: JobName.DeliverWebhook,
    data: delivery,
    opts: { ...jobOptions(retry), jobId: webhookJobId(delivery.endpointId, delivery.position) },
  };
}
