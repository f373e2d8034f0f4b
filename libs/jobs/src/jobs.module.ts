import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@claimtrail/config';
import { ALL_QUEUE_NAMES } from './queue-names';

/**
 * BullMQ on the configured Redis (`REDIS_URL`, keys under `QUEUE_PREFIX`) with every
 * queue registered: inject one with `@InjectQueue(QueueName.X)`. The API imports it for
 * Bull Board and metrics, the worker for its processors.
 */
@Module({})
export class JobsModule {
  static forRoot(): DynamicModule {
    return {
      module: JobsModule,
      imports: [
        BullModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            connection: { url: config.redis.url },
            prefix: config.redis.queuePrefix,
          }),
        }),
        BullModule.registerQueue(...ALL_QUEUE_NAMES.map((name) => ({ name }))),
      ],
      exports: [BullModule],
    };
  }
}
