import type { Queue } from 'bullmq';
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

/** Deliveries per `addBulk` during a replay. */
const REPLAY_CHUNK = 250;

/**
 * Adds the jobs of `deliveries` again (recovery from a lost queue). Idempotent: BullMQ
 * ignores an id it still holds, and an attempt of a delivery already made is one more
 * delivery the receiver de-duplicates by event id. Returns how many were re-added.
 */
export async function replayWebhookDeliveries(
  queue: Queue,
  deliveries: AsyncIterable<WebhookDeliveryJob>,
  retry: RetrySettings,
): Promise<number> {
  let count = 0;
  let chunk: WebhookDeliveryJob[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    await queue.addBulk(chunk.map((delivery) => webhookDeliveryJob(delivery, retry)));
    count += chunk.length;
    chunk = [];
  };
  for await (const delivery of deliveries) {
    chunk.push(delivery);
    if (chunk.length === REPLAY_CHUNK) await flush();
  }
  await flush();
  return count;
}
