import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AppConfig } from '@claimtrail/config';
import { QueueName, replayRounds, replayWebhookDeliveries } from '@claimtrail/jobs';
import { OpenRoundsRepository } from '@claimtrail/projections';
import { WebhookDeliveryRepository } from '@claimtrail/webhooks';

export interface RelayReplayCounts {
  rounds: number;
  webhookDeliveries: number;
}

/**
 * Recovery from a lost queue, as `npm run relay:replay` does it: re-adds the jobs of the open
 * rounds and unfinished webhook deliveries from a log position or moment on.
 */
@Injectable()
export class RelayReplay {
  private readonly logger = new Logger('relay-replay');

  constructor(
    @InjectQueue(QueueName.Corroboration) private readonly queue: Queue,
    @InjectQueue(QueueName.Webhooks) private readonly webhooksQueue: Queue,
    private readonly openRounds: OpenRoundsRepository,
    private readonly webhookDeliveries: WebhookDeliveryRepository,
    private readonly config: AppConfig,
  ) {}

  /** `from`: a log position, or an ISO-8601 moment. */
  async replay(from: number | string): Promise<RelayReplayCounts> {
    const start = typeof from === 'number' ? { position: from } : { time: new Date(from) };
    const rounds = await replayRounds(this.queue, this.openRounds.roundsSince(start), this.config.corroboration.job);
    const { maxAttempts: attempts, backoffMs } = this.config.webhooks;
    const webhookDeliveries = await replayWebhookDeliveries(
      this.webhooksQueue,
      this.webhookDeliveries.unfinishedSince(start),
      { attempts, backoffMs },
    );
    this.logger.log(
      `replayed the jobs of ${rounds} open round(s) and ${webhookDeliveries} webhook deliveries from ` +
        `${JSON.stringify(from)}`,
    );
    return { rounds, webhookDeliveries };
  }
}
