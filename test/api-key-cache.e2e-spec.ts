import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { sql } from 'kysely';
import { ApiKeyRepository, ApiKeyService } from '@claimtrail/auth';
import { createApiApp } from '../apps/api/src/create-api-app';
import { authHeader, TEST_ADMIN_API_KEY } from './support/api-keys';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { testConfig } from './support/test-config';

/**
 * Two API instances on one database, each with its own key cache and notification
 * connection, as two API processes would have: a key revoked through one is refused by
 * the other from its very next request, although the other had it cached.
 */
describe('API key cache across API processes', () => {
  let database: TestDatabase;
  let apps: NestFastifyApplication[];

  beforeAll(async () => {
    database = await createTestDatabase();
    apps = [];
    for (let i = 0; i < 2; i++) {
      const app = await createApiApp(
        testConfig(database.url, { ADMIN_API_KEY: TEST_ADMIN_API_KEY, API_KEY_CACHE_TTL_MS: '60000' }),
      );
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      apps.push(app);
    }
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await database.drop();
  });

  const get = (app: NestFastifyApplication, key: string) =>
    app.inject({ method: 'GET', url: '/api-keys', headers: authHeader(key) });
  const revokeOn = (app: NestFastifyApplication, id: string) =>
    app.inject({ method: 'DELETE', url: `/api-keys/${id}`, headers: authHeader(TEST_ADMIN_API_KEY) });

  async function cachedKeyOnBoth(): Promise<{ id: string; key: string }> {
    const { id, key } = await apps[0]
      .get(ApiKeyService)
      .create({ name: 'cached', role: 'admin' }, { keyId: 'test', role: 'admin' });
    for (const app of apps) expect((await get(app, key)).statusCode).toBe(200);
    return { id, key };
  }

  it('answers a cached key without asking Postgres again', async () => {
    const { key } = await cachedKeyOnBoth();
    const lookups = jest.spyOn(apps[1].get(ApiKeyRepository), 'findActiveByHash');
    try {
      for (let i = 0; i < 5; i++) expect((await get(apps[1], key)).statusCode).toBe(200);
      expect(lookups).not.toHaveBeenCalled();
    } finally {
      lookups.mockRestore();
    }
  });

  it('refuses a key revoked on the other process from its next request on', async () => {
    for (let round = 0; round < 5; round++) {
      const { id, key } = await cachedKeyOnBoth();
      expect((await revokeOn(apps[0], id)).statusCode).toBe(204);
      expect((await get(apps[1], key)).statusCode).toBe(401);
      expect((await get(apps[0], key)).statusCode).toBe(401);
    }
  });

  it('refuses a key revoked behind the API (in SQL) just the same', async () => {
    const { id, key } = await cachedKeyOnBoth();
    await database.db.updateTable('api_keys').set({ revoked_at: new Date() }).where('id', '=', id).execute();
    await waitFor(async () => (await get(apps[1], key)).statusCode === 401);
    expect((await get(apps[0], key)).statusCode).toBe(401);
  });

  it('verifies every key against Postgres while its notification connection is down', async () => {
    const { id, key } = await cachedKeyOnBoth();
    const listeners = sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity
                                         WHERE datname = current_database() AND application_name = 'claimtrail-api-keys'`;
    await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
               WHERE datname = current_database() AND application_name = 'claimtrail-api-keys'`.execute(database.db);
    await waitFor(async () => (await listeners.execute(database.db)).rows[0].n === 0);
    // Revoked while nobody listens: no process can hear it, so none may answer from its cache.
    await database.db.updateTable('api_keys').set({ revoked_at: new Date() }).where('id', '=', id).execute();
    for (const app of apps) expect((await get(app, key)).statusCode).toBe(401);
  });
});

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition not met within 2 s');
}
