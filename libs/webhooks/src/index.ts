/**
 * @claimtrail/webhooks — signed webhooks: registered endpoints (URL under the SSRF guard,
 * event types, HMAC secret), the delivery log, the signature (`Claimtrail-Signature:
 * t=…,v1=…`), and one delivery attempt. The worker relays events to deliveries through the
 * queue; the API registers endpoints and shows the log.
 */
import type { TableGrants } from '@claimtrail/database';
import * as createWebhooks from './migrations/1796150000000-CreateWebhooks';

export { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader, verifySignature } from './domain/webhook-signature';
export type { SignatureCheck } from './domain/webhook-signature';
export { matchingDeliveries } from './domain/matching-deliveries';
export type { LoggedEvent, MatchedDelivery, SubscribedEndpoint } from './domain/matching-deliveries';
export { webhookBody } from './webhook-body';
export type { WebhookBody } from './webhook-body';
export { WebhookEndpointRepository } from './webhook-endpoint.repository';
export type { WebhookEndpointsTable } from './webhook-endpoint.repository';
export { DELIVERY_STATUSES, WebhookDeliveryRepository } from './webhook-delivery.repository';
export type { DeliveryAttempt, DeliveryStatus, WebhookDeliveriesTable } from './webhook-delivery.repository';
export { WebhookSender } from './webhook-sender';
export type { WebhookSenderOptions } from './webhook-sender';
export { WebhookUrlGuard } from './webhook-url.guard';
export { generateWebhookSecret, WebhooksService } from './webhooks.service';
export type {
  RegisteredWebhook,
  WebhookDelivery,
  WebhookDeliveryPage,
  WebhookEndpoint,
  WebhookRegistration,
} from './webhooks.service';
export { WebhookDeliveryService } from './webhook-delivery.service';
export type { DeliveryOutcome } from './webhook-delivery.service';
export { WebhooksModule } from './webhooks.module';

/** The migrations of the webhook tables; registered in @claimtrail/schema. */
export const webhooksMigrations = {
  '1796150000000-CreateWebhooks': createWebhooks,
};

/**
 * What the API and worker may do to the webhook tables: endpoints are disabled, never deleted; deliveries are updated
 * per attempt.
 */
export const webhooksTableGrants: TableGrants = {
  webhook_endpoints: ['SELECT', 'INSERT', 'UPDATE'],
  webhook_deliveries: ['SELECT', 'INSERT', 'UPDATE'],
};
