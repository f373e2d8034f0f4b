import { Injectable } from '@nestjs/common';
import { AppConfig } from '@claimtrail/config';
import { NotFound, Unavailable } from '@claimtrail/errors';
import { EventStore, RecordedEvent } from '@claimtrail/event-store';
import { shouldRetry, WebhookDeliveryJob } from '@claimtrail/jobs';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from './domain/webhook-signature';
import { webhookBody } from './webhook-body';
import { DeliveryStatus, WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';
import { WebhookSender } from './webhook-sender';
import { WebhookUrlGuard } from './webhook-url.guard';

export type DeliveryOutcome = { outcome: 'delivered'; statusCode: number } | { outcome: 'cancelled' };

/** Which attempt this is, of how many (BullMQ's count). */
export interface AttemptNumber {
  attempt: number;
  maxAttempts: number;
}

/**
 * One attempt of one delivery: the endpoint's URL and secret read from Postgres, the body
 * from the log, signed now, POSTed under the SSRF guard, and the attempt recorded in the
 * delivery log whatever happened. A 2xx answer is delivered; anything else throws — a
 * retryable error (another attempt after backoff) unless the guard refused the address.
 */
@Injectable()
export class WebhookDeliveryService {
  private readonly sender: WebhookSender;

  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly eventStore: EventStore,
    guard: WebhookUrlGuard,
    config: AppConfig,
  ) {
    this.sender = new WebhookSender({
      checkAddress: guard.checkAddress,
      timeoutMs: config.webhooks.timeoutMs,
      connectTimeoutMs: config.webhooks.connectTimeoutMs,
    });
  }

  async attempt(job: WebhookDeliveryJob, { attempt, maxAttempts }: AttemptNumber): Promise<DeliveryOutcome> {
    const endpoint = await this.endpoints.forDelivery(job.endpointId);
    if (!endpoint || endpoint.disabledAt) {
      await this.deliveries.cancel(job.endpointId, job.position);
      return { outcome: 'cancelled' };
    }
    const event = await this.eventAt(job);
    const body = webhookBody(event);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Claimtrail-Webhooks/1',
      [SIGNATURE_HEADER]: signatureHeader(endpoint.secret, body, Math.floor(Date.now() / 1000)),
      [EVENT_ID_HEADER]: event.eventId,
    };
    const started = performance.now();
    let statusCode: number;
    try {
      statusCode = await this.sender.post(endpoint.url, headers, body);
    } catch (error) {
      const final = !shouldRetry(error) || attempt >= maxAttempts;
      await this.record(job, started, null, error instanceof Error ? error.message : String(error), final);
      throw error;
    }
    if (statusCode >= 200 && statusCode < 300) {
      await this.record(job, started, statusCode, null, true, 'delivered');
      return { outcome: 'delivered', statusCode };
    }
    await this.record(job, started, statusCode, `HTTP ${statusCode}`, attempt >= maxAttempts);
    throw new Unavailable(`the receiver answered ${statusCode}`, { statusCode });
  }

  private async eventAt(job: WebhookDeliveryJob): Promise<RecordedEvent> {
    for await (const event of this.eventStore.readAll({ fromPosition: job.position, toPosition: job.position }))
      if (event.eventId === job.eventId) return event;
    throw new NotFound('Event', `${job.eventId} at position ${job.position}`);
  }

  private record(
    job: WebhookDeliveryJob,
    started: number,
    statusCode: number | null,
    error: string | null,
    final: boolean,
    success?: 'delivered',
  ): Promise<void> {
    const status: Exclude<DeliveryStatus, 'pending'> = success ?? (final ? 'failed' : 'retrying');
    return this.deliveries.recordAttempt({
      endpointId: job.endpointId,
      position: job.position,
      statusCode,
      error: error?.slice(0, 500) ?? null,
      durationMs: Math.round(performance.now() - started),
      status,
    });
  }
}
