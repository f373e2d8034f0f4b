import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { createTestDatabase, TestDatabase } from './test-database';
import { testConfig } from './test-config';

export interface ApiHarness {
  app: NestFastifyApplication;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * The real API application on its own throwaway database, driven with fastify's inject().
 * The projectors run inside it (PROJECTIONS_IN_API; in production the worker runs them),
 * so reads see writes once the projection catches up: pass `minPosition` to wait for it.
 * `appUrl` rewrites the database URL the app uses (e.g. to go through a proxy or as another
 * role); `prepare` runs on the new database before the app starts (e.g. to create that role).
 */
export async function startApi(
  env: Record<string, string> = {},
  appUrl: (url: string) => string = (url) => url,
  prepare?: (database: TestDatabase) => Promise<void>,
): Promise<ApiHarness> {
  const database = await createTestDatabase();
  await prepare?.(database);
  // A generous read-your-writes wait: a loaded test machine must not turn into stale reads.
  const app = await createApiApp(
    testConfig(appUrl(database.url), { PROJECTIONS_IN_API: 'true', READ_YOUR_WRITES_TIMEOUT_MS: '10000', ...env }),
  );
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
