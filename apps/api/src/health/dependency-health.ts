import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { Kysely, sql } from 'kysely';
import { AppConfig } from '@claimtrail/config';
import { Database, InjectDb } from '@claimtrail/database';
import { createRedis } from '@claimtrail/redis';

const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Readiness checks of the two services Claimtrail cannot work without. */
@Injectable()
export class DependencyHealth implements OnApplicationShutdown {
  // Its own fail-fast connection: a health check must answer "down", not queue commands.
  private readonly redis: Redis;

  constructor(
    @InjectDb() private readonly db: Kysely<Database>,
    private readonly indicators: HealthIndicatorService,
    config: AppConfig,
  ) {
    // No background reconnect loop: each check connects again if the last connection ended.
    this.redis = createRedis(config.redis.url, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    this.redis.on('error', () => undefined);
  }

  async postgres() {
    const check = this.indicators.check('postgres');
    try {
      await withTimeout(sql`SELECT 1`.execute(this.db), 'Postgres');
      return check.up();
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  async redisPing() {
    const check = this.indicators.check('redis');
    try {
      if (this.redis.status === 'wait' || this.redis.status === 'end') await withTimeout(this.redis.connect(), 'Redis');
      await withTimeout(this.redis.ping(), 'Redis');
      return check.up();
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
