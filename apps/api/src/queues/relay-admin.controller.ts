import { InjectQueue } from '@nestjs/bullmq';
import { Body, Controller, HttpCode, Logger, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Queue } from 'bullmq';
import { Roles } from '@claimtrail/auth';
import { AppConfig } from '@claimtrail/config';
import { QueueName, replayRounds, replayWebhookDeliveries } from '@claimtrail/jobs';
import { OpenRoundsRepository } from '@claimtrail/projections';
import { WebhookDeliveryRepository } from '@claimtrail/webhooks';
import { ApiProblems } from '../http/api-problems.decorator';
import { RelayReplayDto, RelayReplayResultDto } from './relay-admin.dto';

/** Recovery from a lost queue, as `npm run relay:replay` does it (see the README runbook). */
@ApiTags('admin')
@Controller('admin/relay')
@Roles('admin')
export class RelayAdminController {
  private readonly logger = new Logger('relay-replay');

  constructor(
    @InjectQueue(QueueName.Corroboration) private readonly queue: Queue,
    @InjectQueue(QueueName.Webhooks) private readonly webhooksQueue: Queue,
    private readonly openRounds: OpenRoundsRepository,
    private readonly webhookDeliveries: WebhookDeliveryRepository,
    private readonly config: AppConfig,
  ) {}

  @Post('replay')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Re-add the jobs of every corroboration round requested, and every webhook delivery relayed, from a position or moment on and still unfinished',
    description:
      'For a Redis that lost its queue (restarted without persistence). Idempotent: job ids derive from the event ids, ' +
      'and a round that finished meanwhile is skipped by its jobs; webhook deliveries keep their endpoint + position job ids.',
  })
  @ApiOkResponse({ type: RelayReplayResultDto })
  @ApiProblems(400)
  async replay(@Body() { from }: RelayReplayDto): Promise<RelayReplayResultDto> {
    const start = typeof from === 'number' ? { position: from } : { time: new Date(from) };
    const rounds = await replayRounds(this.queue, this.openRounds.roundsSince(start), this.config.corroboration.job);
    const { maxAttempts: attempts, backoffMs } = this.config.webhooks;
    const webhookDeliveries = await replayWebhookDeliveries(
      this.webhooksQueue,
      this.webhookDeliveries.unfinishedSince(start),
      { attempts, backoffMs },
    );
    this.logger.log(
      `replayed the jobs of ${rounds} open round(s) and ${webhookDeliveries} webhook deliveries from ${JSON.stringify(from)}`,
    );
    return { rounds, webhookDeliveries };
  }
}
