import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfig } from '@claimtrail/config';
import { createKysely } from '@claimtrail/database';
import { createRedis, readEvictionPolicy, readPersistence } from '@claimtrail/redis';
import { migrate } from '@claimtrail/schema';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.database.migrateOnStart) {
    const db = createKysely({ url: config.database.migrationUrl, poolSize: 1, applicationName: 'claimtrail-migrate' });
    await migrate(db).finally(() => db.destroy());
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  const redis = createRedis(config.redis.url, { maxRetriesPerRequest: 1 });
  const [policy, persistence] = await Promise.all([readEvictionPolicy(redis), readPersistence(redis)]).finally(() =>
    redis.disconnect(),
  );
  if (policy !== null && policy !== 'noeviction') {
    logger.error(`Redis maxmemory-policy is "${policy}": BullMQ needs "noeviction" or jobs can be lost`);
  }
  if (persistence !== null && !persistence.aof && !persistence.rdb) {
    logger.warn(
      'Redis persistence is off (appendonly no, no save points): a Redis restart loses every queued job. Rounds ' +
        'still finish (the round sweeper, as timed out); to run them again use `npm run relay:replay -- --from ' +
        '<position|time>` (see the README runbook), or turn on appendonly.',
    );
  }
  logger.log('worker started');
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
