import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig } from '@claimtrail/config';
import { EventStoreModule } from '@claimtrail/event-store';
import { JobDispatcher, JobsModule } from '@claimtrail/jobs';
import { WebhooksModule } from '@claimtrail/webhooks';
import { DeliverWebhookHandler } from './deliver-webhook.handler';
import { webhookProcessor } from './webhook.processor';
import { WebhookRelay } from './webhook-relay.service';

/** Signed webhooks in the worker: the relay (event log → delivery log + jobs) and the delivery worker. */
@Module({})
export class WebhooksWorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WebhooksWorkerModule,
      imports: [DiscoveryModule, JobsModule.forRoot(), EventStoreModule, WebhooksModule],
      providers: [
        JobDispatcher,
        WebhookRelay,
        DeliverWebhookHandler,
        webhookProcessor({ concurrency: config.webhooks.concurrency }),
      ],
      exports: [WebhookRelay],
    };
  }
}
