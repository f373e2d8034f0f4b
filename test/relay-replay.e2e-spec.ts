import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { sql } from 'kysely';
import { jobIdFor, JobName } from '@claimtrail/jobs';
import { ApiHarness, startApi } from './support/api-harness';
import { authHeader, createKey, TEST_ADMIN_API_KEY } from './support/api-keys';
import { claimClient } from './support/claim-client';
import {
  corroborationQueue,
  deleteQueueKeys,
  eventually,
  startWorker,
  TEST_REDIS_URL,
  uniqueQueuePrefix,
  WorkerHarness,
} from './support/worker-harness';

/**
 * Recovery from a lost queue: the rounds were relayed once, then Redis lost its jobs (here:
 * no relay ran at all, and the keys are deleted). `POST /admin/relay/replay` and `npm run
 * relay:replay` add the open rounds' jobs again, idempotently.
 */
describe('relay replay (e2e)', () => {
  let api: ApiHarness;
  let worker: WorkerHarness | null = null;
  let queue: Queue;
  const prefix = uniqueQueuePrefix();
  const env = {
    QUEUE_PREFIX: prefix,
    CORROBORATION_SOURCES: 'archive',
    ADMIN_API_KEY: TEST_ADMIN_API_KEY,
    EVENT_STORE_POLL_INTERVAL_MS: '50',
  };

  beforeAll(async () => {
    api = await startApi(env);
    queue = corroborationQueue(prefix);
  });
  afterAll(async () => {
    await worker?.close();
    await queue.close();
    await deleteQueueKeys(prefix);
    await api.close();
  });

  const replay = (body: unknown) =>
    api.app.inject({
      method: 'POST',
      url: '/admin/relay/replay',
      headers: authHeader(TEST_ADMIN_API_KEY),
      payload: body as object,
    });
  const openRounds = async () =>
    (await api.database.db.selectFrom('open_corroboration_rounds').selectAll().execute()).length;

  it('re-adds the jobs of open rounds, once, from a position or a moment; refuses a malformed start', async () => {
    const reporter = claimClient(api, await createKey(api, 'reporter'));
    const before = new Date();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await reporter.report({ text: `replayed claim ${i}` })).json().id);
    await eventually(async () => (await openRounds()) === 5, 'the open rounds projected');

    const res = await replay({ from: 0 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ rounds: 5, webhookDeliveries: 0 });
    const requested = await api.database.db
      .selectFrom('events')
      .select('event_id')
      .where('type', '=', 'CorroborationRequested')
      .execute();
    for (const { event_id } of requested) {
      expect(await queue.getJob(jobIdFor(JobName.CorroborateClaim, event_id))).toBeDefined();
      expect(await queue.getJob(jobIdFor(JobName.CorroborationDeadline, event_id))).toBeDefined();
    }
    const counts = await queue.getJobCounts('waiting', 'delayed');
    expect(counts).toMatchObject({ waiting: 5, delayed: 5 });

    expect((await replay({ from: before.toISOString() })).json()).toEqual({ rounds: 5, webhookDeliveries: 0 });
    expect(await queue.getJobCounts('waiting', 'delayed')).toEqual(counts);
    expect((await replay({ from: new Date(Date.now() + 60_000).toISOString() })).json()).toEqual({
      rounds: 0,
      webhookDeliveries: 0,
    });
    const { rows } = await sql<{ position: number }>`SELECT max(position) AS position FROM events`.execute(
      api.database.db,
    );
    expect((await replay({ from: rows[0].position + 1 })).json()).toEqual({ rounds: 0, webhookDeliveries: 0 });

    const bad = await replay({ from: -1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'from' })]);
    expect(
      (
        await api.app.inject({
          method: 'POST',
          url: '/admin/relay/replay',
          headers: authHeader(await createKey(api, 'editor')),
          payload: { from: 0 },
        })
      ).statusCode,
    ).toBe(403);
  }, 60_000);

  it('does the same from the command line', () => {
    const cli = join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'relay-replay.js');
    const run = (args: string[]) =>
      spawnSync(process.execPath, [cli, ...args], {
        env: {
          ...process.env,
          DATABASE_URL: api.database.url,
          REDIS_URL: TEST_REDIS_URL,
          QUEUE_PREFIX: prefix,
          LOG_LEVEL: 'silent',
        },
        encoding: 'utf8',
        timeout: 30_000,
      });
    const usage = run(['--from', 'yesterday']);
    expect(usage.status).toBe(1);
    expect(usage.stderr).toMatch(/usage: npm run relay:replay/);
    const replayed = run(['--from', '0']);
    expect(replayed.stderr).toBe('');
    expect(JSON.parse(replayed.stdout)).toEqual({ from: { position: 0 }, rounds: 5, webhookDeliveries: 0 });
  });

  it('lets the worker finish the replayed rounds; then nothing is open to replay', async () => {
    worker = await startWorker(api.database.url, env);
    await eventually(async () => (await openRounds()) === 0, 'every round finished');
    expect((await replay({ from: 0 })).json()).toEqual({ rounds: 0, webhookDeliveries: 0 });
    const finished = await api.database.db
      .selectFrom('events')
      .select('event_id')
      .where('type', '=', 'CorroborationFinished')
      .execute();
    expect(finished).toHaveLength(5);
  });

  it('exposes Redis persistence in /metrics', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.body).toMatch(/^claimtrail_redis_persistence_enabled\{[^}]*mode="aof"[^}]*\} [01]$/m);
    expect(res.body).toMatch(/^claimtrail_redis_persistence_enabled\{[^}]*mode="rdb"[^}]*\} [01]$/m);
  });
});
