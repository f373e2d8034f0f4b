import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig } from '@claimtrail/config';
import { EventStoreModule } from '@claimtrail/event-store';
import { JobDispatcher, JobsModule, QueueName } from '@claimtrail/jobs';
import { WebhooksModule } from '@claimtrail/webhooks';
import { DeliverWebhookHandler } from './deliver-webhook.handler';
import { dispatchingProcessor } from '../dispatching-processor';
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
        dispatchingProcessor(QueueName.Webhooks, { concurrency: config.webhooks.concurrency }, 'webhook-worker'),
      ],
      exports: [WebhookRelay],
    };
  }
}
