import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { authHeader } from '../support/api-keys';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { testConfig } from '../support/test-config';

/**
 * X-Forwarded-For names the client only when the hop it came from is a configured proxy
 * (TRUST_PROXY). Otherwise rotating it must not give a guesser a fresh budget per request.
 */
describe('TRUST_PROXY and X-Forwarded-For', () => {
  let database: TestDatabase;
  const apps: NestFastifyApplication[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await database.drop();
  });

  async function api(env: Record<string, string>): Promise<NestFastifyApplication> {
    const app = await createApiApp(testConfig(database.url, { AUTH_FAILURES_PER_MINUTE_PER_ADDRESS: '3', ...env }));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    apps.push(app);
    return app;
  }

  /** Guesses a key 5 times, each with another X-Forwarded-For, from 127.0.0.1 (inject's socket address). */
  async function rotatingGuesses(app: NestFastifyApplication): Promise<number[]> {
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const res = await app.inject({
        method: 'GET',
        url: '/api-keys',
        headers: {
          ...authHeader(`ct_00000000_${randomBytes(32).toString('base64url')}`),
          'x-forwarded-for': `198.51.100.${i + 1}`,
        },
      });
      statuses.push(res.statusCode);
    }
    return statuses;
  }

  it('ignores X-Forwarded-For when TRUST_PROXY is off (the default)', async () => {
    expect(await rotatingGuesses(await api({}))).toEqual([401, 401, 401, 429, 429]);
  });

  it('ignores X-Forwarded-For from a hop that is not a configured proxy', async () => {
    expect(await rotatingGuesses(await api({ TRUST_PROXY: '10.0.0.0/8,192.0.2.7' }))).toEqual([
      401, 401, 401, 429, 429,
    ]);
  });

  it('believes X-Forwarded-For from a configured proxy: each client has its own budget', async () => {
    expect(await rotatingGuesses(await api({ TRUST_PROXY: '127.0.0.1/32' }))).toEqual([401, 401, 401, 401, 401]);
  });

  it('refuses a TRUST_PROXY that is not a list of addresses or CIDRs', () => {
    expect(() => testConfig(database.url, { TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => testConfig(database.url, { TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
  });
});
