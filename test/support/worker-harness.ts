import { INestApplicationContext } from '@nestjs/common';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { Test, TestingModuleBuilder } from '@nestjs/testing';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import { ClaimsModule, ClaimWriteResult, ReportClaimCommand, ReportClaimPayload } from '@claimtrail/claims';
import { AppConfig, ConfigModule } from '@claimtrail/config';
import { DatabaseModule } from '@claimtrail/database';
import { QueueName } from '@claimtrail/jobs';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { testConfig } from './test-config';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A queue prefix of its own for one test file, so files running in parallel never share jobs. */
export function uniqueQueuePrefix(): string {
  return `ct-test-${randomBytes(4).toString('hex')}`;
}

/** Deletes every key under `prefix` (the test's queues). */
export async function deleteQueueKeys(prefix: string, redisUrl = TEST_REDIS_URL): Promise<void> {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** A handle on the corroboration queue under `prefix`, for assertions. */
export function corroborationQueue(prefix: string, redisUrl = TEST_REDIS_URL): Queue {
  return new Queue(QueueName.Corroboration, { connection: { url: redisUrl }, prefix });
}

export interface WorkerHarness {
  app: INestApplicationContext;
  config: AppConfig;
  close(): Promise<void>;
}

/**
 * The real worker process (relay, corroboration worker and the other subscribers) in
 * this process, on the given database; `customize` can override providers (fake sources).
 */
export async function startWorker(
  databaseUrl: string,
  env: Record<string, string>,
  customize: (builder: TestingModuleBuilder) => TestingModuleBuilder = (b) => b,
): Promise<WorkerHarness> {
  const config = testConfig(databaseUrl, env);
  const moduleRef = await customize(Test.createTestingModule({ imports: [WorkerModule.forRoot(config)] })).compile();
  await moduleRef.init();
  return { app: moduleRef, config, close: () => moduleRef.close() };
}

/** The claims commands alone (no relay, no worker): reports claims as the API would. */
export async function startReporter(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<INestApplicationContext> {
  const config = testConfig(databaseUrl, env);
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      DatabaseModule.forRoot('claimtrail-test-reporter'),
      CqrsModule.forRoot(),
      ClaimsModule,
    ],
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

/** Reports a claim through the claims lib's command, as the API does. */
export function reportClaim(
  app: INestApplicationContext,
  payload: Partial<ReportClaimPayload> = {},
): Promise<ClaimWriteResult> {
  const requestId = randomUUID();
  return app.get(CommandBus).execute(
    new ReportClaimCommand(
      {
        text: 'Chinese companies are supplying attack drones to Russia',
        claimant: 'a western official',
        citedUrls: [],
        language: 'en',
        ...payload,
      },
      { actor: { keyId: 'test-reporter', role: 'reporter' }, correlationId: requestId, causationId: requestId },
    ),
  );
}

/** Polls until `condition` holds; the limit only turns a hang into a readable failure (`what`: evaluated then). */
export async function eventually(
  condition: () => boolean | Promise<boolean>,
  what: string | (() => string),
  limitMs = 45_000,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
