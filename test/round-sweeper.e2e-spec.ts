import { INestApplicationContext } from '@nestjs/common';
import { sql } from 'kysely';
import { EventStore } from '@claimtrail/event-store';
import { RoundSweeper } from '../apps/worker/src/corroboration/round-sweeper.service';
import { createTestDatabase, TestDatabase } from './support/test-database';
import {
  eventually,
  reportClaim,
  startReporter,
  startWorker,
  uniqueQueuePrefix,
  WorkerHarness,
} from './support/worker-harness';

/**
 * Rounds finish from Postgres alone: with no Redis at all (nothing listens on port 1),
 * no job ever runs, and the sweeper still finishes every round past its deadline, once,
 * in one worker at a time, and a standby takes over when that worker stops.
 */
describe('round sweeper (Postgres only)', () => {
  let database: TestDatabase;
  let reporter: INestApplicationContext;
  const workers: WorkerHarness[] = [];
  const env = {
    REDIS_URL: 'redis://127.0.0.1:1',
    QUEUE_PREFIX: uniqueQueuePrefix(),
    CORROBORATION_SOURCES: 'archive',
    CORROBORATION_DEADLINE_MS: '1000',
    CORROBORATION_SWEEP_INTERVAL_MS: '200',
    CORROBORATION_SWEEP_GRACE_MS: '0',
    EVENT_STORE_POLL_INTERVAL_MS: '50',
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    reporter = await startReporter(database.url, env);
  });
  afterAll(async () => {
    for (const worker of workers) await worker.close().catch(() => undefined);
    await reporter?.close();
    await database?.drop();
  });

  /** CorroborationFinished events per round, and the rounds requested. */
  const rounds = async () => {
    const { rows } = await sql<{ requested: number; finished: number; max_per_round: number | null }>`
      WITH f AS (SELECT stream_id, data->>'requestId' AS request_id, count(*) AS n FROM events WHERE type = 'CorroborationFinished' GROUP BY 1, 2)
      SELECT (SELECT count(*) FROM events WHERE type = 'CorroborationRequested') AS requested,
             (SELECT count(*) FROM f) AS finished,
             (SELECT max(n) FROM f) AS max_per_round`.execute(database.db);
    return rows[0];
  };
  const activeSweepers = () => workers.filter((w) => w.app.get(RoundSweeper).active);

  it('finishes every overdue round once, with one active sweeper among two workers', async () => {
    workers.push(await startWorker(database.url, env), await startWorker(database.url, env));
    const claims = await Promise.all(Array.from({ length: 10 }, () => reportClaim(reporter)));
    await eventually(async () => (await rounds()).finished === claims.length, 'every round finished', 30_000);
    expect(await rounds()).toEqual({ requested: 10, finished: 10, max_per_round: 1 });
    expect(activeSweepers()).toHaveLength(1);

    const finished = await database.db
      .selectFrom('events')
      .select(['data', 'recorded_at'])
      .where('type', '=', 'CorroborationFinished')
      .execute();
    for (const { data } of finished) expect(data).toMatchObject({ answered: [], failed: [], timedOut: ['archive'] });
    // None before its deadline.
    const early = await sql<{ n: number }>`
      SELECT count(*) AS n FROM events f JOIN events r
          ON r.stream_id = f.stream_id AND r.type = 'CorroborationRequested' AND r.data->>'requestId' = f.data->>'requestId'
       WHERE f.type = 'CorroborationFinished' AND f.recorded_at < (r.data->>'deadline')::timestamptz`.execute(
      database.db,
    );
    expect(early.rows[0].n).toBe(0);
  });

  it('hands over to the standby when the active worker stops', async () => {
    const [active] = activeSweepers();
    await active.close();
    workers.splice(workers.indexOf(active), 1);
    await reportClaim(reporter);
    await reportClaim(reporter);
    await eventually(async () => (await rounds()).finished === 12, 'the standby finished the new rounds', 30_000);
    expect(await rounds()).toEqual({ requested: 12, finished: 12, max_per_round: 1 });
    expect(activeSweepers()).toHaveLength(1);
    expect(await workers[0].app.get(EventStore).headPosition()).toBeGreaterThan(0);
  });
});
