import { INestApplicationContext } from '@nestjs/common';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { claimStreamId } from '@claimtrail/claims';
import { SOURCE_ADAPTERS, SourceAdapter } from '@claimtrail/corroboration';
import { EventStore, RecordedEvent } from '@claimtrail/event-store';
import { jobIdFor, JobName } from '@claimtrail/jobs';
import { fakeArchive, wireFinding } from './support/fake-sources';
import { createTestDatabase, TestDatabase } from './support/test-database';
import {
  corroborationQueue,
  deleteQueueKeys,
  eventually,
  reportClaim,
  startReporter,
  startWorker,
  uniqueQueuePrefix,
  WorkerHarness,
} from './support/worker-harness';

/** Resolves with the first stdout line of `child` that starts with `prefix`. */
function lineFrom(child: ChildProcess, prefix: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((l) => l.startsWith(prefix));
      if (line) {
        child.stdout?.off('data', onData);
        resolve(line);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker process exited (${code}) before printing ${prefix}`)));
  });
}

describe('Worker shutdown and crashes (Postgres + Redis)', () => {
  let database: TestDatabase;
  let reporter: INestApplicationContext;
  let child: ChildProcess | null = null;
  let survivor: WorkerHarness | null = null;
  let queue: Queue;
  const prefix = uniqueQueuePrefix();
  // Short locks so the stalled job is noticed within seconds instead of a minute.
  const env = {
    QUEUE_PREFIX: prefix,
    CORROBORATION_SOURCES: 'archive',
    CORROBORATION_LOCK_DURATION_MS: '2000',
    CORROBORATION_STALLED_INTERVAL_MS: '1000',
    EVENT_STORE_POLL_INTERVAL_MS: '50',
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    queue = corroborationQueue(prefix);
    reporter = await startReporter(database.url, env);
  });

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await survivor?.close();
    await reporter?.close();
    await queue?.close();
    await deleteQueueKeys(prefix);
    await database?.drop();
  });

  it('leaves a stalled job that a second worker completes once: the evidence is appended once', async () => {
    child = spawn(
      process.execPath,
      ['-r', join(__dirname, 'support/register-ts.js'), join(__dirname, 'support/crashing-worker.ts')],
      {
        env: { ...process.env, CRASHING_WORKER_DATABASE_URL: database.url, CRASHING_WORKER_ENV: JSON.stringify(env) },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await lineFrom(child, 'READY');

    // The child is the only worker for now: it relays the round, runs the job, attaches the evidence and hangs.
    const attached = lineFrom(child, 'ATTACHED');
    const { id } = await reportClaim(reporter, { text: 'Chinese companies are supplying attack drones to Russia' });
    expect(await attached).toBe(`ATTACHED ${id}`);

    const events = async (): Promise<RecordedEvent[]> => {
      const all: RecordedEvent[] = [];
      for await (const e of reporter.get(EventStore).readStream(claimStreamId(id))) all.push(e);
      return all;
    };
    const [requested] = (await events()).filter((e) => e.type === 'CorroborationRequested');
    const workId = jobIdFor(JobName.CorroborateClaim, requested.eventId);
    expect(await (await queue.getJob(workId))?.getState()).toBe('active');
    expect((await events()).filter((e) => e.type === 'EvidenceAttached')).toHaveLength(2);

    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    survivor = await startWorker(database.url, env, (builder) =>
      builder.overrideProvider(SOURCE_ADAPTERS).useValue([fakeArchive]),
    );

    await eventually(
      async () => (await queue.getJob(workId))?.finishedOn !== undefined,
      'the stalled job completed by the survivor',
      60_000,
    );
    const job = await queue.getJob(workId);
    expect(await job?.getState()).toBe('completed');
    expect(job?.returnvalue).toMatchObject({ status: 'done', summary: { answered: ['archive'] } });
    const after = await events();
    expect(
      after
        .filter((e) => e.type === 'EvidenceAttached')
        .map((e) => e.data.url)
        .sort(),
    ).toEqual(['https://wire1.example/drones', 'https://wire2.example/drones']);
    expect(after.filter((e) => e.type === 'CorroborationFinished')).toHaveLength(1);
    await survivor.close();
    survivor = null;
  });

  it('lets an active job finish when the worker is closed (what SIGTERM does), before the database closes', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const gatedArchive: SourceAdapter = { name: 'archive', search: async () => (await gate, [wireFinding(3)]) };
    const closing = await startWorker(database.url, env, (builder) =>
      builder.overrideProvider(SOURCE_ADAPTERS).useValue([gatedArchive]),
    );
    const { id } = await reportClaim(reporter, { text: 'Kupol tested the Garpiya-3 in China' });
    let jobId = '';
    for await (const e of reporter.get(EventStore).readStream(claimStreamId(id))) {
      if (e.type === 'CorroborationRequested') jobId = jobIdFor(JobName.CorroborateClaim, e.eventId);
    }
    await eventually(async () => (await (await queue.getJob(jobId))?.getState()) === 'active', 'job active');

    const closed = closing.close();
    release();
    await closed;

    const job = await queue.getJob(jobId);
    expect(await job?.getState()).toBe('completed');
    const types: string[] = [];
    for await (const e of reporter.get(EventStore).readStream(claimStreamId(id))) types.push(e.type);
    expect(types.filter((t) => t === 'EvidenceAttached')).toHaveLength(1);
    expect(types.filter((t) => t === 'CorroborationFinished')).toHaveLength(1);
  });
});
