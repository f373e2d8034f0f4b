import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { QueryBus } from '@nestjs/cqrs';
import { claimStreamId, GetClaimStateQuery } from '@claimtrail/claims';
import { SOURCE_ADAPTERS, SourceResult } from '@claimtrail/corroboration';
import { Unavailable } from '@claimtrail/errors';
import { EventStore, RecordedEvent } from '@claimtrail/event-store';
import { CorroborationRoundJob, jobIdFor, JobName } from '@claimtrail/jobs';
import { CorroborationRounds, RoundOutcome } from '../apps/worker/src/corroboration/corroboration-rounds.service';
import { fakeArchive } from './support/fake-sources';
import { createTestDatabase, TestDatabase } from './support/test-database';
import {
  corroborationQueue,
  deleteQueueKeys,
  eventually,
  reportClaim,
  startWorker,
  uniqueQueuePrefix,
  WorkerHarness,
} from './support/worker-harness';

/** Fails where a database blip would: the first finish of a `flaky` claim, every attachment to a `broken` one. */
@Injectable()
class FlakyRounds extends CorroborationRounds {
  static finishesFailed = 0;

  override async finish(job: CorroborationRoundJob, outcome: RoundOutcome) {
    if ((await this.textOf(job)).includes('flaky') && FlakyRounds.finishesFailed++ === 0)
      throw new Unavailable('database blip');
    return super.finish(job, outcome);
  }

  override async attach(job: CorroborationRoundJob, results: Pick<SourceResult, 'source' | 'findings'>[]) {
    if ((await this.textOf(job)).includes('broken')) throw new Unavailable('database down');
    return super.attach(job, results);
  }

  private async textOf(job: CorroborationRoundJob): Promise<string> {
    const open = await this.open(job);
    return 'claim' in open ? open.claim.text : '';
  }
}

describe('Corroboration worker (Postgres + Redis)', () => {
  let database: TestDatabase;
  let worker: WorkerHarness;
  let queue: Queue;
  const prefix = uniqueQueuePrefix();

  const events = async (claimId: string): Promise<RecordedEvent[]> => {
    const all: RecordedEvent[] = [];
    for await (const e of worker.app.get(EventStore).readStream(claimStreamId(claimId))) all.push(e);
    return all;
  };
  const ofType = async (claimId: string, type: string) => (await events(claimId)).filter((e) => e.type === type);
  const finished = async (claimId: string) => (await ofType(claimId, 'CorroborationFinished')).length > 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    worker = await startWorker(
      database.url,
      {
        QUEUE_PREFIX: prefix,
        CORROBORATION_SOURCES: 'archive',
        // The fake wire services are not in the registry: let unrated publishers decide, as this is about retries.
        POLICY_UNRATED_CAN_DECIDE: 'true',
        CORROBORATION_DEADLINE_MS: '1500',
        CORROBORATION_JOB_ATTEMPTS: '3',
        CORROBORATION_JOB_BACKOFF_MS: '10',
        EVENT_STORE_POLL_INTERVAL_MS: '50',
      },
      (builder) =>
        builder
          .overrideProvider(SOURCE_ADAPTERS)
          .useValue([fakeArchive])
          .overrideProvider(CorroborationRounds)
          .useClass(FlakyRounds),
    );
    queue = corroborationQueue(prefix);
  });

  afterAll(async () => {
    await worker?.close();
    await queue?.close();
    await deleteQueueKeys(prefix);
    await database?.drop();
  });

  it('attaches each finding once when a job fails after attaching and is retried', async () => {
    const { id } = await reportClaim(worker.app, {
      text: 'flaky: Chinese companies are supplying attack drones to Russia',
    });
    await eventually(() => finished(id), 'round finished');

    expect(FlakyRounds.finishesFailed).toBeGreaterThanOrEqual(1);
    const evidence = await ofType(id, 'EvidenceAttached');
    expect(evidence.map((e) => e.data.url).sort()).toEqual([
      'https://wire1.example/drones',
      'https://wire2.example/drones',
    ]);
    expect(await ofType(id, 'CorroborationFinished')).toHaveLength(1);

    const [requested] = await ofType(id, 'CorroborationRequested');
    const job = await queue.getJob(jobIdFor(JobName.CorroborateClaim, requested.eventId));
    expect(job?.attemptsMade).toBe(2);
    expect(job?.returnvalue).toMatchObject({
      status: 'done',
      summary: { answered: ['archive'], failed: [], timedOut: [] },
    });
    const { state } = await worker.app.get(QueryBus).execute(new GetClaimStateQuery(id));
    expect(state.status).toBe('corroborated');
  });

  it('finishes a round whose source does not answer by the deadline as timed out: the claim becomes unverified, with reasons', async () => {
    const { id } = await reportClaim(worker.app, { text: 'slow: the embassy was not aware of the shipments' });
    await eventually(() => finished(id), 'round finished');

    const [finish] = await ofType(id, 'CorroborationFinished');
    expect(finish.data).toMatchObject({ answered: [], failed: [], timedOut: ['archive'] });
    const [change] = await ofType(id, 'ClaimStatusChanged');
    expect(change.data).toMatchObject({ from: 'reported', to: 'unverified', by: 'policy' });
    expect((change.data.reasons as unknown[]).length).toBeGreaterThan(0);
    expect(await ofType(id, 'EvidenceAttached')).toHaveLength(0);
  });

  it('keeps a job that failed every attempt inspectable, and the deadline job closes its round as timed out', async () => {
    const { id } = await reportClaim(worker.app, { text: 'broken: drones were delivered through Kazakhstan' });
    const [requested] = await ofType(id, 'CorroborationRequested');
    const workId = jobIdFor(JobName.CorroborateClaim, requested.eventId);
    await eventually(async () => (await queue.getJob(workId))?.finishedOn !== undefined, 'work job failed for good');
    await eventually(() => finished(id), 'round finished at the deadline');

    const failed = await queue.getJob(workId);
    expect(await failed?.getState()).toBe('failed');
    expect(failed?.attemptsMade).toBe(3);
    expect(failed?.failedReason).toMatch(/database down/);
    const [finish] = await ofType(id, 'CorroborationFinished');
    expect(finish.data).toMatchObject({ timedOut: ['archive'] });
    const deadlineJob = await queue.getJob(jobIdFor(JobName.CorroborationDeadline, requested.eventId));
    expect(deadlineJob?.returnvalue).toMatchObject({ status: 'done' });
    const { state } = await worker.app.get(QueryBus).execute(new GetClaimStateQuery(id));
    expect(state.status).toBe('unverified');
  });
});
