import { createHmac } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { EventStore } from '@claimtrail/event-store';
import { QueueName, webhookJobId } from '@claimtrail/jobs';
import { WebhookRelay } from '../apps/worker/src/webhooks/webhook-relay.service';
import { ApiHarness, startApi } from './support/api-harness';
import { authHeader, createKey, TEST_ADMIN_API_KEY } from './support/api-keys';
import { claimClient } from './support/claim-client';
import {
  deleteQueueKeys,
  eventually,
  startWorker,
  TEST_REDIS_URL,
  uniqueQueuePrefix,
  WorkerHarness,
} from './support/worker-harness';

interface Endpoint {
  id: string;
  url: string;
  eventTypes: string[];
  description: string | null;
  createdBy: string;
  disabledAt: string | null;
  secret?: string;
}

type Method = 'GET' | 'POST' | 'DELETE';

describe('Webhooks: registering endpoints (e2e)', () => {
  let api: ApiHarness;
  const admin = authHeader(TEST_ADMIN_API_KEY);
  const inject = (method: Method, url: string, payload?: Record<string, unknown>, headers = admin) =>
    api.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const count = async () =>
    Number(
      (
        await api.database.db
          .selectFrom('webhook_endpoints')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    // The one private address let through: the tests' receivers listen on 127.0.0.1.
    api = await startApi({ ADMIN_API_KEY: TEST_ADMIN_API_KEY, WEBHOOK_ALLOWED_PRIVATE_ADDRESSES: '127.0.0.1' });
  });
  afterAll(() => api.close());

  it('registers an endpoint, answers a generated secret once, and never shows it again', async () => {
    const res = await inject('POST', '/webhooks', {
      url: 'http://127.0.0.1:9/hooks/claimtrail',
      eventTypes: ['ClaimStatusChanged', 'EditorVerdictSet', 'ClaimStatusChanged'],
      description: 'CMS',
    });
    expect(res.statusCode).toBe(201);
    const created = res.json() as Endpoint;
    expect(created).toMatchObject({
      url: 'http://127.0.0.1:9/hooks/claimtrail',
      eventTypes: ['ClaimStatusChanged', 'EditorVerdictSet'],
      description: 'CMS',
      createdBy: 'bootstrap-admin',
      disabledAt: null,
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

    const one = (await inject('GET', `/webhooks/${created.id}`)).json() as Endpoint;
    expect(one).toEqual({ ...created, secret: undefined, createdAt: expect.any(String) });
    expect(JSON.stringify(one)).not.toContain(created.secret);
    const list = (await inject('GET', '/webhooks')).json() as { items: Endpoint[] };
    expect(list.items.map((e) => e.id)).toContain(created.id);
    expect(JSON.stringify(list)).not.toContain(created.secret);
  });

  it('keeps a secret the admin chose', async () => {
    const secret = 'a-shared-secret-of-thirty-two-chars!';
    const res = await inject('POST', '/webhooks', {
      url: 'http://127.0.0.1:9/x',
      eventTypes: ['ClaimReported'],
      secret,
    });
    expect(res.statusCode).toBe(201);
    expect((res.json() as Endpoint).secret).toBe(secret);
  });

  it.each([
    ['a private address', 'http://10.1.2.3/hook', 'address_not_public'],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data', 'address_not_public'],
    ['loopback other than the allowed address', 'http://127.0.0.2:8080/hook', 'address_not_public'],
    ['IPv6 loopback', 'http://[::1]:8080/hook', 'address_not_public'],
    ['a mapped private address', 'http://[::ffff:192.168.1.1]/hook', 'address_not_public'],
    ['credentials in the URL', 'https://user:pw@hooks.example.com/x', 'userinfo'],
    ['another scheme', 'ftp://hooks.example.com/x', 'invalid_format'],
  ])('refuses %s with 400 naming url, storing nothing', async (_, url, rule) => {
    const before = await count();
    const res = await inject('POST', '/webhooks', { url, eventTypes: ['ClaimReported'] });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((res.json() as { errors: { field: string; rule: string }[] }).errors).toEqual([
      expect.objectContaining({ field: 'url', rule }),
    ]);
    expect(await count()).toBe(before);
  });

  it.each([
    ['an unknown event type', { eventTypes: ['ArticleIngested'] }, 'eventTypes[0]', 'invalid_value'],
    ['no event types', { eventTypes: [] }, 'eventTypes', 'too_small'],
    ['a short secret', { secret: 'short' }, 'secret', 'too_small'],
    ['a secret with spaces', { secret: 'a secret with spaces in it, long enough' }, 'secret', 'invalid_format'],
    ['an unknown field', { active: true }, 'active', 'unrecognized_key'],
  ])('refuses %s with 400 naming the field and rule', async (_, change, field, rule) => {
    const before = await count();
    const res = await inject('POST', '/webhooks', {
      url: 'http://127.0.0.1:9/x',
      eventTypes: ['ClaimReported'],
      ...change,
    });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { errors: { field: string; rule: string }[] }).errors).toContainEqual(
      expect.objectContaining({ field, rule }),
    );
    expect(await count()).toBe(before);
  });

  it('is for admins only: other roles get 403 and register nothing', async () => {
    const before = await count();
    for (const role of ['reporter', 'editor', 'auditor'] as const) {
      const key = authHeader(await createKey(api, role));
      const res = await inject(
        'POST',
        '/webhooks',
        { url: 'http://127.0.0.1:9/x', eventTypes: ['ClaimReported'] },
        key,
      );
      expect(res.statusCode).toBe(403);
      expect((await inject('GET', '/webhooks', undefined, key)).statusCode).toBe(403);
    }
    expect(await count()).toBe(before);
  });

  it('disables an endpoint, keeps it listed, and answers 404 for unknown ids', async () => {
    const { id } = (
      await inject('POST', '/webhooks', { url: 'http://127.0.0.1:9/y', eventTypes: ['ClaimReported'] })
    ).json() as Endpoint;
    const disabled = await inject('DELETE', `/webhooks/${id}`);
    expect(disabled.statusCode).toBe(200);
    const disabledAt = (disabled.json() as Endpoint).disabledAt;
    expect(disabledAt).toEqual(expect.any(String));
    // Disabling twice keeps the first time.
    expect(((await inject('DELETE', `/webhooks/${id}`)).json() as Endpoint).disabledAt).toBe(disabledAt);
    expect(((await inject('GET', `/webhooks/${id}`)).json() as Endpoint).disabledAt).toBe(disabledAt);

    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await inject('GET', `/webhooks/${unknown}`)).statusCode).toBe(404);
    expect((await inject('DELETE', `/webhooks/${unknown}`)).statusCode).toBe(404);
    expect((await inject('GET', `/webhooks/${unknown}/deliveries`)).statusCode).toBe(404);
    expect((await inject('GET', '/webhooks/not-a-uuid')).statusCode).toBe(400);
  });

  it('pages an empty delivery log and refuses a forged cursor', async () => {
    const { id } = (
      await inject('POST', '/webhooks', { url: 'http://127.0.0.1:9/z', eventTypes: ['ClaimReported'] })
    ).json() as Endpoint;
    expect((await inject('GET', `/webhooks/${id}/deliveries`)).json()).toEqual({ items: [], nextCursor: null });
    const forged = await inject('GET', `/webhooks/${id}/deliveries?cursor=${Buffer.from('x').toString('base64url')}`);
    expect(forged.statusCode).toBe(400);
    expect((forged.json() as { errors: { field: string; rule: string }[] }).errors[0]).toMatchObject({
      field: 'cursor',
      rule: 'invalid_cursor',
    });
  });
});

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  raw: string;
  body: { eventId: string; type: string; position: number; streamId: string; claimId: string; data: object };
}

interface Delivery {
  position: number;
  eventId: string;
  type: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  attemptLog: { attempt: number; statusCode: number | null; error: string | null }[];
  deliveredAt: string | null;
}

/**
 * A receiver on 127.0.0.1, as a newsroom's CMS would run one: it keeps every request with its
 * raw body. `/flaky` answers 500 to the first two requests for an event, then 200.
 */
async function startReceiver(): Promise<{ origin: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const failures = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({ path: req.url ?? '', headers: req.headers, raw, body: JSON.parse(raw) as Received['body'] });
      const eventId = String(req.headers['claimtrail-event-id']);
      if (req.url === '/flaky' && (failures.get(eventId) ?? 0) < 2) {
        failures.set(eventId, (failures.get(eventId) ?? 0) + 1);
        res.writeHead(500).end('not now');
        return;
      }
      res.writeHead(req.url === '/flaky' ? 200 : 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** What a receiver does, written out independently of Claimtrail's code: HMAC-SHA256 over "<t>.<raw body>". */
function verify(header: string, secret: string, raw: string): { t: number; ok: boolean } {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
  const expected = createHmac('sha256', secret).update(`${parts.t}.${raw}`).digest('hex');
  return { t: Number(parts.t), ok: parts.v1 === expected };
}

describe('Webhooks: deliveries from the log (e2e, real worker and receiver)', () => {
  let api: ApiHarness;
  let worker: WorkerHarness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const prefix = uniqueQueuePrefix();
  const env = {
    ADMIN_API_KEY: TEST_ADMIN_API_KEY,
    QUEUE_PREFIX: prefix,
    CORROBORATION_SOURCES: 'archive',
    EVENT_STORE_POLL_INTERVAL_MS: '50',
    WEBHOOK_ALLOWED_PRIVATE_ADDRESSES: '127.0.0.1',
    WEBHOOK_MAX_ATTEMPTS: '5',
    WEBHOOK_BACKOFF_MS: '50',
    WEBHOOK_TIMEOUT_MS: '2000',
  };
  const admin = authHeader(TEST_ADMIN_API_KEY);
  let reporter: ReturnType<typeof claimClient>;
  let editor: ReturnType<typeof claimClient>;

  const register = async (path: string, eventTypes: string[]) => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/webhooks',
      headers: admin,
      payload: { url: `${receiver.origin}${path}`, eventTypes },
    });
    expect(res.statusCode).toBe(201);
    return res.json() as Endpoint & { secret: string };
  };
  const deliveries = async (id: string) =>
    (
      (await api.app.inject({ method: 'GET', url: `/webhooks/${id}/deliveries?limit=100`, headers: admin })).json() as {
        items: Delivery[];
      }
    ).items;
  const report = async (text: string) => {
    const res = await reporter.report({ text, claimant: 'a webhook tester' });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; position: number };
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    receiver = await startReceiver();
    api = await startApi(env);
    worker = await startWorker(api.database.url, env);
    reporter = claimClient(api, await createKey(api, 'reporter'));
    editor = claimClient(api, await createKey(api, 'editor'));
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await receiver?.close();
    await deleteQueueKeys(prefix);
  });

  it('delivers a claim event once, signed with the endpoint secret, and a re-relay of the log sends nothing twice', async () => {
    const endpoint = await register('/reported', ['ClaimReported']);
    const { id: claimId } = await report('The harbour of Valletta will host a webhook regatta');
    const forClaim = () => receiver.received.filter((r) => r.path === '/reported' && r.body.claimId === claimId);
    await eventually(() => forClaim().length === 1, 'the ClaimReported delivery');

    const [got] = forClaim();
    expect(got.headers['content-type']).toBe('application/json');
    const signature = verify(String(got.headers['claimtrail-signature']), endpoint.secret, got.raw);
    expect(signature.ok).toBe(true);
    expect(Math.abs(signature.t - Date.now() / 1000)).toBeLessThan(60);
    expect(verify(String(got.headers['claimtrail-signature']), 'another secret', got.raw).ok).toBe(false);
    expect(got.headers['claimtrail-event-id']).toBe(got.body.eventId);
    expect(got.body).toMatchObject({
      type: 'ClaimReported',
      streamId: `claim-${claimId}`,
      claimId,
      data: { text: 'The harbour of Valletta will host a webhook regatta', claimant: 'a webhook tester' },
      recordedAt: expect.any(String),
    });
    await eventually(async () => (await deliveries(endpoint.id))[0]?.status === 'delivered', 'logged as delivered');
    expect((await deliveries(endpoint.id))[0]).toMatchObject({
      position: got.body.position,
      eventId: got.body.eventId,
      type: 'ClaimReported',
      attempts: 1,
      lastStatusCode: 204,
      lastError: null,
      deliveredAt: expect.any(String),
    });

    // Replay the whole log through the webhook relay: same rows, same job ids — nothing is sent again.
    const store = worker.app.get(EventStore);
    const relayed = worker.app.get(WebhookRelay).state()!.delivered;
    await store.resetSubscription('webhook-relay', { to: 'start' });
    const head = await store.headPosition();
    expect(await store.waitUntilProcessed('webhook-relay', head, { timeoutMs: 20_000 })).toBe(true);
    expect(worker.app.get(WebhookRelay).state()!.delivered).toBeGreaterThan(relayed);
    await sleep(500);
    expect(forClaim()).toHaveLength(1);
    expect((await deliveries(endpoint.id)).filter((d) => d.eventId === got.body.eventId)).toHaveLength(1);
  });

  it('retries a receiver that fails twice, with backoff, and logs the three attempts', async () => {
    const endpoint = await register('/flaky', ['ClaimReported']);
    const { id: claimId } = await report('The lighthouse of Gozo flashes in webhook green');
    await eventually(async () => (await deliveries(endpoint.id))[0]?.status === 'delivered', 'delivered at last');
    const [delivery] = await deliveries(endpoint.id);
    expect(delivery).toMatchObject({ attempts: 3, lastStatusCode: 200, lastError: null, status: 'delivered' });
    expect(delivery.attemptLog.map((a) => [a.attempt, a.statusCode, a.error])).toEqual([
      [1, 500, 'HTTP 500'],
      [2, 500, 'HTTP 500'],
      [3, 200, null],
    ]);
    const requests = receiver.received.filter((r) => r.path === '/flaky' && r.body.claimId === claimId);
    expect(requests).toHaveLength(3);
    // The same event and the same bytes each time; each attempt signed anew.
    expect(new Set(requests.map((r) => r.raw)).size).toBe(1);
    for (const r of requests)
      expect(verify(String(r.headers['claimtrail-signature']), endpoint.secret, r.raw).ok).toBe(true);
  });

  it('sends an endpoint only the event types it asked for', async () => {
    const endpoint = await register('/status', ['ClaimStatusChanged']);
    const { id: claimId } = await report('The ferry to Comino now runs on webhook power');
    const res = await editor.verdict(claimId, { status: 'denied', reason: 'the ferry runs on diesel' });
    expect(res.statusCode).toBe(200);
    const forClaim = () => receiver.received.filter((r) => r.path === '/status' && r.body.claimId === claimId);
    await eventually(
      () => forClaim().some((r) => (r.body.data as { to?: string }).to === 'denied'),
      'the status change to denied',
    );
    // Time for any other event of the claim to have been (wrongly) delivered.
    await sleep(300);
    expect(new Set(forClaim().map((r) => r.body.type))).toEqual(new Set(['ClaimStatusChanged']));
    expect((await deliveries(endpoint.id)).every((d) => d.type === 'ClaimStatusChanged')).toBe(true);
    // The ClaimReported-only endpoint of the first test got this claim's report, and nothing else of it.
    const reportedOnly = receiver.received.filter((r) => r.path === '/reported' && r.body.claimId === claimId);
    expect(reportedOnly.map((r) => r.body.type)).toEqual(['ClaimReported']);
  });

  it('delivers nothing to a disabled endpoint', async () => {
    const disabled = await register('/disabled', ['ClaimReported']);
    expect(
      (await api.app.inject({ method: 'DELETE', url: `/webhooks/${disabled.id}`, headers: admin })).statusCode,
    ).toBe(200);
    const { id: claimId } = await report('The bastions of Birgu close to webhooks at dusk');
    // The active ClaimReported endpoint of the first test gets it: the relay has passed the event.
    await eventually(
      () => receiver.received.some((r) => r.path === '/reported' && r.body.claimId === claimId),
      'the active endpoint got the report',
    );
    await sleep(300);
    expect(receiver.received.filter((r) => r.path === '/disabled')).toEqual([]);
    expect(await deliveries(disabled.id)).toEqual([]);
  });

  it('gives an endpoint registered while claims are written exactly the events after its start, each once', async () => {
    const writing = { on: true };
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let n = 0; writing.on; n++) await report(`Race writer ${w} reports webhook claim number ${n}`);
    });
    const endpoints: (Endpoint & { secret: string })[] = [];
    for (let i = 0; i < 4; i++) {
      await sleep(150);
      endpoints.push(await register(`/race/${i}`, ['ClaimReported']));
    }
    await sleep(150);
    writing.on = false;
    await Promise.all(writers);

    const store = worker.app.get(EventStore);
    expect(await store.waitUntilProcessed('webhook-relay', await store.headPosition(), { timeoutMs: 20_000 })).toBe(
      true,
    );
    for (const [i, endpoint] of endpoints.entries()) {
      const start = await api.database.db
        .selectFrom('webhook_endpoints')
        .select(['start_transaction_id', 'start_position'])
        .where('id', '=', endpoint.id)
        .executeTakeFirstOrThrow();
      const expected = (
        await api.database.db
          .selectFrom('events')
          .select(['event_id', 'transaction_id', 'position'])
          .where('type', '=', 'ClaimReported')
          .execute()
      )
        .filter(
          (e) =>
            BigInt(e.transaction_id) > BigInt(start.start_transaction_id) ||
            (e.transaction_id === start.start_transaction_id && e.position > start.start_position),
        )
        .map((e) => e.event_id)
        .sort();
      const got = () => receiver.received.filter((r) => r.path === `/race/${i}`).map((r) => r.body.eventId);
      await eventually(
        () => got().length >= expected.length,
        () => `endpoint ${i}: ${got().length} of ${expected.length} deliveries`,
      );
      await sleep(100);
      expect(got().sort()).toEqual(expected);
    }
    // The delivery log pages by cursor, newest event first, each delivery once.
    const paged: Delivery[] = [];
    let cursor: string | null = null;
    do {
      const page = (
        await api.app.inject({
          method: 'GET',
          url: `/webhooks/${endpoints[0].id}/deliveries?limit=5${cursor ? `&cursor=${cursor}` : ''}`,
          headers: admin,
        })
      ).json() as { items: Delivery[]; nextCursor: string | null };
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const positions = paged.map((d) => d.position);
    expect(positions).toEqual([...positions].sort((a, b) => b - a));
    expect(new Set(paged.map((d) => d.eventId)).size).toBe(
      receiver.received.filter((r) => r.path === '/race/0').length,
    );
    // Endpoints registered later got fewer events: the start cursors moved with the log.
    expect(receiver.received.filter((r) => r.path === '/race/0').length).toBeGreaterThan(
      receiver.received.filter((r) => r.path === '/race/3').length,
    );
  });

  it('re-adds the jobs of unfinished deliveries with relay:replay (a queue lost with Redis)', async () => {
    const endpoint = await register('/replayed', ['ClaimReported']);
    // A delivery the relay recorded whose job Redis then lost: its row, and no job.
    const { id: claimId } = await report('The salt pans of Xwejni keep a webhook ledger');
    const event = await api.database.db
      .selectFrom('events')
      .select(['event_id', 'position', 'stream_id'])
      .where('stream_id', '=', `claim-${claimId}`)
      .where('type', '=', 'ClaimReported')
      .executeTakeFirstOrThrow();
    await eventually(
      () => receiver.received.some((r) => r.path === '/replayed' && r.body.claimId === claimId),
      'the normal delivery',
    );
    // Its attempt recorded first, so the row set back to pending below stays so.
    await eventually(async () => (await deliveries(endpoint.id))[0]?.status === 'delivered', 'logged as delivered');
    await api.database.db
      .updateTable('webhook_deliveries')
      .set({ status: 'pending' })
      .where('endpoint_id', '=', endpoint.id)
      .where('event_position', '=', event.position)
      .execute();
    const replayed = await api.app.inject({
      method: 'POST',
      url: '/admin/relay/replay',
      headers: admin,
      payload: { from: event.position },
    });
    expect(replayed.statusCode).toBe(200);
    expect((replayed.json() as { webhookDeliveries: number }).webhookDeliveries).toBeGreaterThanOrEqual(1);
    // The completed job still holds its id, so BullMQ ignores it: nothing is sent twice while it is kept.
    await sleep(500);
    expect(receiver.received.filter((r) => r.path === '/replayed' && r.body.claimId === claimId)).toHaveLength(1);

    // A job Redis no longer holds is added and runs.
    const queue = new Queue(QueueName.Webhooks, { connection: { url: TEST_REDIS_URL }, prefix });
    try {
      await queue.remove(webhookJobId(endpoint.id, event.position));
    } finally {
      await queue.close();
    }
    await api.app.inject({
      method: 'POST',
      url: '/admin/relay/replay',
      headers: admin,
      payload: { from: event.position },
    });
    await eventually(
      () => receiver.received.filter((r) => r.path === '/replayed' && r.body.claimId === claimId).length === 2,
      'the replayed delivery',
    );
    await eventually(async () => (await deliveries(endpoint.id))[0]?.status === 'delivered', 'delivered again');
    expect((await deliveries(endpoint.id))[0]).toMatchObject({ eventId: event.event_id, attempts: 2 });
  });

  it('refuses at delivery time an address the guard refuses, and does not retry', async () => {
    // Registered while allowed, then the host's address is no longer allowed: as a DNS answer that changed.
    const endpoint = await register('/reported', ['ClaimReported']);
    await api.database.db
      .updateTable('webhook_endpoints')
      .set({ url: 'http://127.0.0.2:9/rebound' })
      .where('id', '=', endpoint.id)
      .execute();
    await report('The cathedral of Mdina rings a webhook bell');
    await eventually(async () => (await deliveries(endpoint.id))[0]?.status === 'failed', 'failed for good');
    const [delivery] = await deliveries(endpoint.id);
    expect(delivery.attempts).toBe(1);
    expect(delivery.lastStatusCode).toBeNull();
    expect(delivery.lastError).toMatch(/127\.0\.0\.2 is a loopback address/);
  });
});
