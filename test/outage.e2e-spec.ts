import { Logger } from '@nestjs/common';
import { ApiHarness, startApi } from './support/api-harness';
import { createKey } from './support/api-keys';
import { claimClient } from './support/claim-client';
import { TcpProxy } from './support/tcp-proxy';

describe('Postgres unreachable', () => {
  let api: ApiHarness;
  let proxy: TcpProxy;
  let reporter: ReturnType<typeof claimClient>;

  beforeAll(async () => {
    // The API reaches its database through a proxy the test can cut, like a Postgres that died.
    proxy = new TcpProxy(
      Number(new URL(process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://127.0.0.1:5432').port || 5432),
    );
    await proxy.start();
    api = await startApi({}, (url) => {
      const proxied = new URL(url);
      proxied.port = String(proxy.port);
      return proxied.toString();
    });
    reporter = claimClient(api, await createKey(api, 'reporter'));
  });
  afterAll(async () => {
    await proxy.restore().catch(() => undefined);
    await api.close();
    await proxy.cut();
  });

  const eventCount = async () =>
    Number(
      (
        await api.database.db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('answers writes 503 problem+json with Retry-After, stores nothing, and works again once Postgres is back', async () => {
    expect((await reporter.report()).statusCode).toBe(201);
    const before = await eventCount();
    await proxy.cut();

    const refused = await reporter.report({}, { 'idempotency-key': 'outage-1' });
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.json()).toMatchObject({ status: 503, type: 'https://claimtrail.dev/problems/unavailable' });

    await proxy.restore();
    expect(await eventCount()).toBe(before);
    const retried = await reporter.report({}, { 'idempotency-key': 'outage-1' });
    expect(retried.statusCode).toBe(201);
    expect(await eventCount()).toBe(before + 2);
  });

  it('logs readiness once per change, at warn, without a stack', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const log = jest.spyOn(Logger.prototype, 'log');
    const error = jest.spyOn(Logger.prototype, 'error');
    try {
      await proxy.cut();
      for (let i = 0; i < 3; i++) {
        const res = await api.app.inject({ method: 'GET', url: '/health/ready' });
        expect(res.statusCode).toBe(503);
        expect(res.headers['retry-after']).toBe('5');
      }
      const readinessWarnings = warn.mock.calls.filter((call) => String(call[1]).startsWith('Not ready'));
      expect(readinessWarnings).toHaveLength(1);
      expect(readinessWarnings[0][1]).toBe('Not ready: postgres is down');
      expect(JSON.stringify(readinessWarnings[0][0])).not.toMatch(/\n\s+at /);
      expect(error.mock.calls.filter((call) => JSON.stringify(call).includes('Not ready'))).toHaveLength(0);

      await proxy.restore();
      for (let i = 0; i < 2; i++)
        expect((await api.app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
      expect(log.mock.calls.filter((call) => String(call[0]).startsWith('ready again'))).toHaveLength(1);
    } finally {
      warn.mockRestore();
      log.mockRestore();
      error.mockRestore();
    }
  });
});
