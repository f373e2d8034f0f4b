import { Module } from '@nestjs/common';
import { AuthModule } from '@claimtrail/auth';
import { JobsModule, QueueMetrics } from '@claimtrail/jobs';
import { QueueDashboard } from './queue-dashboard';

/** The queues as the API shows them: Bull Board at /admin/queues (admin) and queue metrics in /metrics. */
@Module({ imports: [JobsModule.forRoot(), AuthModule], providers: [QueueDashboard, QueueMetrics] })
export class QueuesModule {}
