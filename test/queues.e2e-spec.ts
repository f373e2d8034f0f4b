import { Queue, Worker } from 'bullmq';
import { JobName, QueueName } from '@claimtrail/jobs';
import { ApiHarness, startApi } from './support/api-harness';
import { createKeysForEveryRole, TEST_ADMIN_API_KEY } from './support/api-keys';
import {
  corroborationQueue,
  deleteQueueKeys,
  eventually,
  TEST_REDIS_URL,
  uniqueQueuePrefix,
} from './support/worker-harness';

describe('Queue dashboard and queue metrics (API + Redis)', () => {
  let api: ApiHarness;
  let keys: Awaited<ReturnType<typeof createKeysForEveryRole>>;
  let queue: Queue;
  const prefix = uniqueQueuePrefix();

  const get = (url: string, authorization?: string) =>
    api.app.inject({ method: 'GET', url, headers: authorization ? { authorization } : {} });
  const metrics = async () => (await get('/metrics')).body;

  beforeAll(async () => {
    api = await startApi({ ADMIN_API_KEY: TEST_ADMIN_API_KEY, QUEUE_PREFIX: prefix });
    keys = await createKeysForEveryRole(api);
    queue = corroborationQueue(prefix);
  });

  afterAll(async () => {
    await api?.close();
    await queue?.close();
    await deleteQueueKeys(prefix);
  });

  it('refuses the dashboard, its assets and its JSON API without a key (401, problem+json, a Basic challenge for browsers)', async () => {
    for (const url of ['/admin/queues', '/admin/queues/api/queues', '/admin/queues/static/images/logo.svg']) {
      const response = await get(url);
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ status: 401, title: 'Unauthenticated' });
      expect(String(response.headers['www-authenticate'])).toMatch(/Basic realm="Claimtrail queues"/);
    }
    expect((await get('/admin/queues', 'Bearer ct_deadbeef_not-a-real-key')).statusCode).toBe(401);
  });

  it('refuses every role but admin (403)', async () => {
    for (const role of ['reporter', 'editor', 'auditor'] as const) {
      const response = await get('/admin/queues/api/queues', `Bearer ${keys[role]}`);
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ status: 403, role, requiredRoles: ['admin'] });
    }
  });

  it('serves the dashboard and its queue list to an admin key, as Bearer or as a browser Basic login', async () => {
    const page = await get('/admin/queues', `Bearer ${keys.admin}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const basic = `Basic ${Buffer.from(`admin:${TEST_ADMIN_API_KEY}`).toString('base64')}`;
    const list = await get('/admin/queues/api/queues', basic);
    expect(list.statusCode).toBe(200);
    expect((list.json() as { queues: { name: string }[] }).queues.map((q) => q.name)).toEqual([
      QueueName.Corroboration,
      QueueName.Webhooks,
    ]);
  });

  it('reports job counts per state and the duration of finished jobs in /metrics', async () => {
    const waiting = (body: string) =>
      new RegExp(`claimtrail_queue_jobs\\{[^}]*queue="corroboration"[^}]*state="waiting"[^}]*\\} 2\\b`).test(body);
    await queue.add(JobName.CorroborateClaim, { probe: 1 }, { jobId: 'metrics-probe-1' });
    await queue.add(JobName.CorroborateClaim, { probe: 2 }, { jobId: 'metrics-probe-2' });
    const body = await metrics();
    expect(waiting(body)).toBe(true);
    expect(body).toMatch(/claimtrail_queue_up\{[^}]*queue="corroboration"[^}]*\} 1/);

    const worker = new Worker(QueueName.Corroboration, () => Promise.resolve({ status: 'done', summary: {} }), {
      connection: { url: TEST_REDIS_URL },
      prefix,
    });
    try {
      const count = (body: string, pattern: RegExp) => Number(pattern.exec(body)?.[1] ?? 0);
      const observed =
        /claimtrail_queue_job_duration_seconds_count\{[^}]*job="corroborate-claim"[^}]*outcome="completed"[^}]*\} (\d+)/;
      // The API starts listening to the queue's events once connected; keep finishing jobs until it has seen some.
      let probes = 2;
      await eventually(async () => {
        await queue.add(JobName.CorroborateClaim, { probe: ++probes }, { jobId: `metrics-probe-${probes}` });
        return count(await metrics(), observed) > 0;
      }, 'job durations observed');
      const body = await metrics();
      const completed = count(body, /claimtrail_queue_jobs\{[^}]*state="completed"[^}]*\} (\d+)/);
      expect(completed).toBeGreaterThanOrEqual(2);
      expect(count(body, observed)).toBeLessThanOrEqual(probes);
    } finally {
      await worker.close();
    }
  });
});

describe('Queue metrics with Redis unreachable', () => {
  it('scrapes with claimtrail_queue_up 0 instead of hanging, and the API still shuts down', async () => {
    const api = await startApi({ REDIS_URL: 'redis://127.0.0.1:1', QUEUE_PREFIX: uniqueQueuePrefix() });
    try {
      const response = await api.app.inject({ method: 'GET', url: '/metrics' });
      expect(response.statusCode).toBe(200);
      expect(response.body).toMatch(/claimtrail_queue_up\{[^}]*queue="corroboration"[^}]*\} 0/);
      expect(response.body).not.toMatch(/claimtrail_queue_jobs\{/);
    } finally {
      await api.close();
    }
  });
});
