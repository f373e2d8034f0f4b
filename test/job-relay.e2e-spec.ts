import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Queue } from 'bullmq';
import { claimStreamId } from '@claimtrail/claims';
import { ConfigModule } from '@claimtrail/config';
import { DatabaseModule } from '@claimtrail/database';
import { EventStore, RecordedEvent } from '@claimtrail/event-store';
import { jobIdFor, JobName } from '@claimtrail/jobs';
import { JobRelay, RELAY_SUBSCRIPTION } from '../apps/worker/src/relay/job-relay.service';
import { RelayModule } from '../apps/worker/src/relay/relay.module';
import { freePort, PrivateRedis } from './support/private-redis';
import { testConfig } from './support/test-config';
import { createTestDatabase, TestDatabase } from './support/test-database';
import {
  corroborationQueue,
  deleteQueueKeys,
  eventually,
  reportClaim,
  startReporter,
  uniqueQueuePrefix,
} from './support/worker-harness';

const ALL_STATES = ['waiting', 'delayed', 'active', 'completed', 'failed', 'prioritized', 'paused'] as const;

describe('Job relay (Postgres + Redis)', () => {
  let database: TestDatabase;
  let reporter: INestApplicationContext;
  const prefix = uniqueQueuePrefix();
  const env = { QUEUE_PREFIX: prefix, EVENT_STORE_POLL_INTERVAL_MS: '50', CORROBORATION_SOURCES: 'archive' };

  /** An app that only relays (no worker consumes, so every job stays visible). */
  async function startRelay(redisUrl?: string): Promise<INestApplicationContext> {
    const config = testConfig(database.url, { ...env, ...(redisUrl ? { REDIS_URL: redisUrl } : {}) });
    const app = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot('relay-test'), RelayModule],
    }).compile();
    await app.init();
    return app;
  }

  const report = async (n: number) => {
    const claims = [];
    for (let i = 0; i < n; i++)
      claims.push(await reportClaim(reporter, { text: `Claim ${i} about drone shipments ${Math.random()}` }));
    return claims;
  };

  const requestEvents = async (claimIds: string[]): Promise<RecordedEvent[]> => {
    const found: RecordedEvent[] = [];
    for (const id of claimIds)
      for await (const e of reporter.get(EventStore).readStream(claimStreamId(id)))
        if (e.type === 'CorroborationRequested') found.push(e);
    return found;
  };

  const relayed = (position: number) => reporter.get(EventStore).hasProcessed(RELAY_SUBSCRIPTION, position);

  const jobsIn = async (queue: Queue) => {
    const jobs = await queue.getJobs([...ALL_STATES], 0, -1);
    return jobs.map((j) => ({
      id: j.id!,
      name: j.name,
      timestamp: j.timestamp,
      claimId: (j.data as { claimId: string }).claimId,
    }));
  };

  const expectedIds = (events: RecordedEvent[]) =>
    events
      .flatMap((e) => [
        jobIdFor(JobName.CorroborateClaim, e.eventId),
        jobIdFor(JobName.CorroborationDeadline, e.eventId),
      ])
      .sort();

  beforeAll(async () => {
    database = await createTestDatabase();
    reporter = await startReporter(database.url, env);
  });

  afterAll(async () => {
    await reporter?.close();
    await deleteQueueKeys(prefix);
    await database?.drop();
  });

  it('enqueues each round exactly once across relay restarts and a full replay', async () => {
    const queue = corroborationQueue(prefix);
    try {
      let relay = await startRelay();
      const first = await report(4);
      await eventually(() => relayed(first[first.length - 1].position), 'first claims relayed');
      await relay.close();

      const second = await report(3);
      expect(await relayed(second[second.length - 1].position)).toBe(false);
      relay = await startRelay();
      await eventually(
        () => relayed(second[second.length - 1].position),
        'claims reported while the relay was down relayed',
      );

      const events = await requestEvents([...first, ...second].map((c) => c.id));
      const afterRestart = await jobsIn(queue);
      expect(afterRestart.map((j) => j.id).sort()).toEqual(expectedIds(events));

      // Replay the whole log, as after a lost checkpoint: BullMQ still holds every id, so nothing is added again.
      await relay.close();
      await database.db
        .updateTable('subscriptions')
        .set({ last_transaction_id: '0', last_position: 0 })
        .where('name', '=', RELAY_SUBSCRIPTION)
        .execute();
      expect(await relayed(first[0].position)).toBe(false);
      relay = await startRelay();
      await eventually(() => relayed(second[second.length - 1].position), 'log replayed');
      await relay.close();

      const afterReplay = await jobsIn(queue);
      expect(afterReplay.map((j) => j.id).sort()).toEqual(expectedIds(events));
      expect(afterReplay.map((j) => `${j.id}@${j.timestamp}`).sort()).toEqual(
        afterRestart.map((j) => `${j.id}@${j.timestamp}`).sort(),
      );
      const rounds = afterReplay
        .filter((j) => j.name === JobName.CorroborateClaim)
        .map((j) => j.claimId)
        .sort();
      expect(rounds).toEqual([...first, ...second].map((c) => c.id).sort());
    } finally {
      await queue.close();
    }
  });

  it('holds its checkpoint while Redis is unreachable and relays everything once Redis is back: nothing lost, nothing doubled', async () => {
    const redis = new PrivateRedis(await freePort());
    const queue = corroborationQueue(prefix, redis.url);
    queue.on('error', () => undefined);
    const relay = await startRelay(redis.url);
    const failures: unknown[] = [];
    const jobRelay = relay.get(JobRelay);
    const original = jobRelay.relay.bind(jobRelay);
    jest.spyOn(jobRelay, 'relay').mockImplementation(async (batch) => {
      try {
        await original(batch);
      } catch (error) {
        failures.push(error);
        throw error;
      }
    });
    try {
      // Redis was never there: claims reported now wait in the log.
      const whileDown = await report(3);
      await eventually(() => failures.length > 0, 'a relay attempt failed');
      expect(await relayed(whileDown[whileDown.length - 1].position)).toBe(false);

      await redis.start();
      await eventually(() => relayed(whileDown[whileDown.length - 1].position), 'relayed once Redis answered');
      expect((await jobsIn(queue)).map((j) => j.id).sort()).toEqual(
        expectedIds(await requestEvents(whileDown.map((c) => c.id))),
      );

      // Redis dies while the relay runs, and claims keep coming.
      await redis.kill();
      const failuresBefore = failures.length;
      const duringOutage = await report(2);
      await eventually(() => failures.length > failuresBefore, 'a relay attempt failed during the outage');
      expect(await relayed(duringOutage[duringOutage.length - 1].position)).toBe(false);

      await redis.start();
      await eventually(() => relayed(duringOutage[duringOutage.length - 1].position), 'relayed after Redis came back');
      const all = [...whileDown, ...duringOutage];
      expect((await jobsIn(queue)).map((j) => j.id).sort()).toEqual(
        expectedIds(await requestEvents(all.map((c) => c.id))),
      );
    } finally {
      await relay.close();
      await queue.close();
      await redis.destroy();
    }
  });
});
