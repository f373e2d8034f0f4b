import { Module } from '@nestjs/common';
import { AuthModule } from '@claimtrail/auth';
import { JobsModule, QueueMetrics } from '@claimtrail/jobs';
import { WebhooksModule } from '@claimtrail/webhooks';
import { QueueDashboard } from './queue-dashboard';
import { RedisPersistenceMetrics } from './redis-persistence-metrics';
import { RelayAdminController } from './relay-admin.controller';
import { RelayReplay } from './relay-replay';

/**
 * The queues as the API shows them: Bull Board at /admin/queues (admin), queue and Redis
 * persistence metrics in /metrics, and the relay replay (POST /admin/relay/replay).
 */
@Module({
  imports: [JobsModule.forRoot(), AuthModule, WebhooksModule],
  controllers: [RelayAdminController],
  providers: [QueueDashboard, QueueMetrics, RedisPersistenceMetrics, RelayReplay],
})
export class QueuesModule {}
