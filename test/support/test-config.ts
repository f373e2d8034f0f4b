import { randomBytes } from 'node:crypto';
import { AppConfig, loadConfig } from '@claimtrail/config';

/** Configuration for an app under test: its own database, quiet logs, overrides on top. */
export function testConfig(databaseUrl: string, env: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '5',
    MIGRATE_ON_START: 'false',
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    // Rate-limit counters of its own: test files run at once, all from 127.0.0.1.
    RATE_LIMIT_PREFIX: `test-rate-limit:${randomBytes(6).toString('hex')}`,
    ...env,
  });
}
