import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { ConfigError, loadConfig } from '@claimtrail/config';
import { KYSELY } from '@claimtrail/database';
import { QueueName, replayRounds, replayWebhookDeliveries } from '@claimtrail/jobs';
import { OpenRoundsRepository, ReplayFrom } from '@claimtrail/projections';
import { WebhookDeliveryRepository } from '@claimtrail/webhooks';
import { ProjectionsCliModule } from './projections-cli.module';

const USAGE = 'usage: npm run relay:replay -- --from <position | ISO-8601 time>';

/** `--from 1234` (a log position) or `--from 2026-12-01T09:00:00Z` (a moment); null when malformed. */
function parseReplayFrom(value: string | undefined): ReplayFrom | null {
  if (value === undefined) return null;
  if (/^[0-9]{1,15}$/.test(value)) return { position: Number(value) };
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? null : { time };
}

/**
 * `npm run relay:replay -- --from <position|time>`: recovery from a lost queue (Redis
 * restarted without persistence, keys deleted). Re-adds the jobs of every corroboration
 * round requested from there on and still open, read from the `open_corroboration_rounds`
 * read model, and of every webhook delivery relayed from there on and still pending or
 * retrying. Safe to run twice: job ids derive from the event ids (deliveries: endpoint and
 * position), and a round finished meanwhile is skipped by its jobs. Prints `{"rounds": n, "webhookDeliveries": m}`.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--from');
  const from = parseReplayFrom(at === -1 ? undefined : args[at + 1]);
  if (!from) {
    console.error(USAGE);
    process.exitCode = 1;
    return;
  }
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(ProjectionsCliModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  const queue = new Queue(QueueName.Corroboration, {
    connection: { url: config.redis.url },
    prefix: config.redis.queuePrefix,
  });
  const webhooksQueue = new Queue(QueueName.Webhooks, {
    connection: { url: config.redis.url },
    prefix: config.redis.queuePrefix,
  });
  try {
    const rounds = await replayRounds(queue, app.get(OpenRoundsRepository).roundsSince(from), config.corroboration.job);
    const webhookDeliveries = await replayWebhookDeliveries(
      webhooksQueue,
      new WebhookDeliveryRepository(app.get(KYSELY)).unfinishedSince(from),
      { attempts: config.webhooks.maxAttempts, backoffMs: config.webhooks.backoffMs },
    );
    console.log(
      JSON.stringify({
        from: 'position' in from ? { position: from.position } : { time: from.time.toISOString() },
        rounds,
        webhookDeliveries,
      }),
    );
  } finally {
    await queue.close();
    await webhooksQueue.close();
    await app.close();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
