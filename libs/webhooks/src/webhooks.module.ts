import { Module } from '@nestjs/common';
import { EventStoreModule } from '@claimtrail/event-store';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';
import { WebhookUrlGuard } from './webhook-url.guard';
import { WebhooksService } from './webhooks.service';

/** Webhook endpoints and their delivery log: the admin API's service and the worker's delivery attempt. */
@Module({
  imports: [EventStoreModule],
  providers: [
    WebhookEndpointRepository,
    WebhookDeliveryRepository,
    WebhookUrlGuard,
    WebhooksService,
    WebhookDeliveryService,
  ],
  exports: [WebhookEndpointRepository, WebhookDeliveryRepository, WebhooksService, WebhookDeliveryService],
})
export class WebhooksModule {}
