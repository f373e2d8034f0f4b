import { INestApplicationContext } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { sql } from 'kysely';
import { ConfigModule } from '@claimtrail/config';
import { createKysely, DatabaseModule } from '@claimtrail/database';
import { EventStore } from '@claimtrail/event-store';
import { ClaimStatusAudit, liveSubscriptionName, ProjectionsModule } from '@claimtrail/projections';
import { migrate } from '@claimtrail/schema';
import { freePort, PrivateRedis } from '../support/private-redis';
import { testConfig } from '../support/test-config';
import { eventually, reportClaim, startReporter, startWorker, WorkerHarness } from '../support/worker-harness';
import { PrivatePostgres } from './private-postgres';

/**
 * Faults an operator meets, on a Postgres cluster and redis-servers of the suite's own:
 * after each, every acknowledged claim is stored once, every round finished, the replay
 * equals the read model, and the hash chains verify.
 */
describe('fault suite', () => {
  let postgres: PrivatePostgres;
  const cleanups: (() => Promise<void>)[] = [];
  const env = (redisUrl: string, extra: Record<string, string> = {}) => ({
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: 'faults',
    CORROBORATION_SOURCES: 'archive',
    CORROBORATION_CONCURRENCY: '1',
    CORROBORATION_DEADLINE_MS: '2000',
    CORROBORATION_JOB_ATTEMPTS: '2',
    CORROBORATION_JOB_BACKOFF_MS: '100',
    CORROBORATION_SWEEP_INTERVAL_MS: '300',
    CORROBORATION_SWEEP_GRACE_MS: '500',
    EVENT_STORE_POLL_INTERVAL_MS: '100',
    ...extra,
  });

  beforeAll(async () => {
    postgres = new PrivatePostgres(await freePort());
    postgres.init();
    postgres.start();
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    postgres?.destroy();
  });

  async function database(name: string): Promise<string> {
    const url = await postgres.createDatabase(name);
    const db = createKysely({ url, poolSize: 1 });
    await migrate(db).finally(() => db.destroy());
    return url;
  }

  async function redis(appendOnly: boolean): Promise<PrivateRedis> {
    const server = new PrivateRedis(await freePort(), { appendOnly });
    await server.start();
    cleanups.push(() => server.destroy());
    return server;
  }

  /** Reports claims, retrying each (same command) until acknowledged; returns the acknowledged ids. */
  async function load(reporter: INestApplicationContext, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      for (;;) {
        try {
          ids.push((await reportClaim(reporter, { text: `fault claim ${i}` })).id);
          break;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    }
    return ids;
  }

  async function invariants(url: string, acknowledged: string[]): Promise<void> {
    const audit = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(testConfig(url)),
        DatabaseModule.forRoot('faults-audit'),
        CqrsModule.forRoot(),
        ProjectionsModule.forApi(),
      ],
    }).compile();
    await audit.init();
    try {
      const store = audit.get(EventStore);
      const db = createKysely({ url, poolSize: 1 });
      try {
        const rounds = async () =>
          (
            await sql<{ requested: number; finished: number; doubled: number }>`
              WITH f AS (SELECT stream_id, data->>'requestId' AS r, count(*) AS n FROM events WHERE type = 'CorroborationFinished' GROUP BY 1, 2)
              SELECT (SELECT count(*) FROM events WHERE type = 'CorroborationRequested') AS requested,
                     (SELECT count(*) FROM f) AS finished, (SELECT count(*) FROM f WHERE n > 1) AS doubled`.execute(db)
          ).rows[0];
        await eventually(
          async () => {
            const r = await rounds();
            return r.requested === r.finished;
          },
          'every round finished',
          90_000,
        );
        expect((await rounds()).doubled).toBe(0);
        const reported = await sql<{ id: string; n: number }>`
          SELECT substr(stream_id, 7) AS id, count(*) AS n FROM events WHERE type = 'ClaimReported' GROUP BY 1`.execute(
          db,
        );
        const stored = new Map(reported.rows.map((r) => [r.id, r.n]));
        for (const id of acknowledged) expect(stored.get(id)).toBe(1);
        await eventually(
          async () => (await store.subscriptionStatus(liveSubscriptionName({ name: 'claim_status' }))).lag === 0,
          'projection caught up',
          60_000,
        );
        expect((await audit.get(ClaimStatusAudit).replay()).mismatches).toEqual([]);
        expect(await store.verify()).toMatchObject({ ok: true });
      } finally {
        await db.destroy();
      }
    } finally {
      await audit.close();
    }
  }

  it('Redis restarted without persistence: the sweeper finishes the rounds it lost', async () => {
    const url = await database('faults_redis_no_aof');
    const server = await redis(false);
    const worker: WorkerHarness = await startWorker(url, env(server.url));
    cleanups.push(() => worker.close());
    const reporter = await startReporter(url, env(server.url));
    cleanups.push(() => reporter.close());
    const acknowledged = await load(reporter, 30);
    await server.kill();
    await server.start();
    acknowledged.push(...(await load(reporter, 10)));
    await invariants(url, acknowledged);
  });

  it('a Postgres outage longer than the jobs retry budget: the sweeper still finishes every round', async () => {
    const url = await database('faults_pg_outage');
    const server = await redis(true);
    const worker = await startWorker(url, env(server.url, { CORROBORATION_JOB_ATTEMPTS: '1' }));
    cleanups.push(() => worker.close());
    const reporter = await startReporter(url, env(server.url));
    cleanups.push(() => reporter.close());
    const acknowledged = await load(reporter, 30);
    postgres.stopImmediate();
    await new Promise((resolve) => setTimeout(resolve, 5000));
    postgres.start();
    acknowledged.push(...(await load(reporter, 10)));
    await invariants(url, acknowledged);
  });
});
