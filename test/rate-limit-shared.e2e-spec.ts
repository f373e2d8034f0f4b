import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { ApiKeyService } from '@claimtrail/auth';
import { createApiApp } from '../apps/api/src/create-api-app';
import { authHeader } from './support/api-keys';
import { freePort, PrivateRedis } from './support/private-redis';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { testConfig } from './support/test-config';

/** The per-key rate limit lives in Redis: it holds across API processes, and without Redis each process still answers. */
describe('rate limits shared by API processes', () => {
  let database: TestDatabase;
  const apps: NestFastifyApplication[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await database.drop();
  });

  async function start(env: Record<string, string>): Promise<NestFastifyApplication> {
    const app = await createApiApp(testConfig(database.url, env));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    apps.push(app);
    return app;
  }

  const newKey = (app: NestFastifyApplication) =>
    app
      .get(ApiKeyService)
      .create({ name: 'limited', role: 'admin' }, { keyId: 'test', role: 'admin' })
      .then((created) => created.key);
  const get = (app: NestFastifyApplication, key: string) =>
    app.inject({ method: 'GET', url: '/api-keys', headers: authHeader(key) });

  it('gives a key its limit once across two processes, not once per process', async () => {
    const env = { RATE_LIMIT_PER_MINUTE: '4', RATE_LIMIT_PREFIX: `test-shared:${randomBytes(6).toString('hex')}` };
    const [a, b] = [await start(env), await start(env)];
    const key = await newKey(a);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await get(i % 2 === 0 ? a : b, key)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    const limited = await get(b, key);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('keeps answering when Redis is down, limiting per process meanwhile', async () => {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    const app = await createApiApp(testConfig(database.url, { RATE_LIMIT_PER_MINUTE: '3', REDIS_URL: redis.url }));
    await app.init();
    try {
      const key = await newKey(app);
      expect((await get(app, key)).statusCode).toBe(200);
      await redis.kill();
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await get(app, key)).statusCode);
      // The process's own count starts afresh: 3 more, then 429.
      expect(statuses).toEqual([200, 200, 200, 429]);
      const metrics = await app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.body).toMatch(/^claimtrail_rate_limit_shared\{[^}]*\} 0$/m);
    } finally {
      // The queues' connections close cleanly only with Redis back.
      await redis.start();
      await app.close();
      await redis.destroy();
    }
  });
});
