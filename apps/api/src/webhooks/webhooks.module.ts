import { Module } from '@nestjs/common';
import { AuthModule } from '@claimtrail/auth';
import { WebhooksModule } from '@claimtrail/webhooks';
import { WebhooksController } from './webhooks.controller';

@Module({ imports: [AuthModule, WebhooksModule], controllers: [WebhooksController] })
export class WebhooksHttpModule {}
