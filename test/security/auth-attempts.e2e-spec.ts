import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { ApiKeyService } from '@claimtrail/auth';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { authHeader, TEST_ADMIN_API_KEY } from '../support/api-keys';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { testConfig } from '../support/test-config';

/**
 * Failed authentications are limited per client address and over all addresses, in Redis,
 * so the budgets hold across API processes; past them, guesses (and ADMIN_API_KEY, even the
 * right one) get 429 problem+json with Retry-After, while stored keys keep working.
 */
describe('failed authentication attempts', () => {
  let database: TestDatabase;
  const apps: NestFastifyApplication[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await database.drop();
  });

  /** API instances sharing one database and one set of counters, as the processes of one deployment. */
  async function deployment(env: Record<string, string>, processes = 1): Promise<NestFastifyApplication[]> {
    const prefix = `test-auth-attempts:${randomBytes(6).toString('hex')}`;
    const started = [];
    for (let i = 0; i < processes; i++) {
      const app = await createApiApp(
        testConfig(database.url, { ADMIN_API_KEY: TEST_ADMIN_API_KEY, RATE_LIMIT_PREFIX: prefix, ...env }),
      );
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      apps.push(app);
      started.push(app);
    }
    return started;
  }

  const guess = (app: NestFastifyApplication, forwardedFor?: string) =>
    app.inject({
      method: 'GET',
      url: '/api-keys',
      headers: {
        ...authHeader(`ct_00000000_${randomBytes(32).toString('base64url')}`),
        ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
      },
    });
  const rotating = (i: number) => `203.0.113.${i + 1}`;

  it('limits guesses per client address; past the budget even the right ADMIN_API_KEY is refused, stored keys are not', async () => {
    const [app] = await deployment({ AUTH_FAILURES_PER_MINUTE_PER_ADDRESS: '3' });
    const stored = (
      await app.get(ApiKeyService).create({ name: 'newsroom', role: 'admin' }, { keyId: 'test', role: 'admin' })
    ).key;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await guess(app)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429]);

    const limited = await guess(app);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.json()).toMatchObject({
      status: 429,
      type: expect.stringMatching(/rate-limited$/),
      detail: expect.stringMatching(/failed authentication/),
    });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);

    expect(
      (await app.inject({ method: 'GET', url: '/api-keys', headers: authHeader(TEST_ADMIN_API_KEY) })).statusCode,
    ).toBe(429);
    expect((await app.inject({ method: 'GET', url: '/api-keys', headers: authHeader(stored) })).statusCode).toBe(200);
  });

  it('holds the budget across API processes', async () => {
    const [a, b] = await deployment({ AUTH_FAILURES_PER_MINUTE_PER_ADDRESS: '3' }, 2);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await guess(i % 2 === 0 ? a : b)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await guess(a)).statusCode).toBe(429);
  });

  it('limits guesses over all addresses too', async () => {
    // A trusted proxy lets every guess come from another address; the overall budget still ends it.
    const [app] = await deployment({
      TRUST_PROXY: '127.0.0.1',
      AUTH_FAILURES_PER_MINUTE_PER_ADDRESS: '3',
      AUTH_FAILURES_PER_MINUTE: '5',
    });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await guess(app, rotating(i))).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});
