import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppConfig, loadConfig } from '@claimtrail/config';
import { createKysely } from '@claimtrail/database';
import { MetricsRegistry, requestIdOf, ROOT_LOGGER } from '@claimtrail/observability';
import { migrate } from '@claimtrail/schema';
import { ApiModule } from './api.module';
import { claimWriteHeaders } from './claims/claim-write.decorator';
import { fastifyErrorHandlers } from './http/fastify-error-handlers';
import { logRequests } from './http/request-log';
import { recordHttpMetrics } from './metrics/http-metrics';
import { setUpOpenApi } from './openapi';

/** Applies pending migrations before serving, when configured to (MIGRATE_ON_START). */
export async function migrateIfConfigured(config: AppConfig): Promise<void> {
  if (!config.database.migrateOnStart) return;
  const db = createKysely({ url: config.database.migrationUrl, poolSize: 1, applicationName: 'claimtrail-migrate' });
  try {
    await migrate(db);
  } finally {
    await db.destroy();
  }
}

/** Builds the HTTP application (not yet listening); main.ts and the e2e tests share it. */
export async function createApiApp(config: AppConfig = loadConfig()): Promise<NestFastifyApplication> {
  // Only the configured proxies may name the client (X-Forwarded-For): anyone else could rotate it past the limits.
  const trustProxy = config.http.trustProxy.length > 0 ? config.http.trustProxy : false;
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy,
    genReqId: requestIdOf,
    ...fastifyErrorHandlers,
  });
  // Fastify's own JSON parser only (no form bodies): anything else is 415, as the API documents.
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), adapter, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.enableCors({
    origin: config.http.corsOrigins,
    exposedHeaders: ['ETag', 'Location', 'X-Request-Id', 'Retry-After', 'X-Projection-Lag'],
  });
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('X-Request-Id', request.id);
    done();
  });
  recordHttpMetrics(fastify, app.get(MetricsRegistry));
  logRequests(fastify, app.get(ROOT_LOGGER));
  claimWriteHeaders(fastify);
  setUpOpenApi(app);
  return app;
}
