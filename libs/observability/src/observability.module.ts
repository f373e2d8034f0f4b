import { DynamicModule, Global, Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '@claimtrail/config';
import { MetricsRegistry } from './metrics';

/** Credentials that must never reach a log line: API keys, proxy and basic credentials, cookies. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A client's X-Request-Id when it is sane, else a new one; it becomes the correlation id of every event. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

@Global()
@Module({})
export class ObservabilityModule {
  /** Structured JSON logs (request id on every line of a request, secrets redacted) and the metrics registry. */
  static forRoot(appName: string): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            pinoHttp: {
              name: appName,
              level: config.logLevel,
              // Fastify assigns req.id (see createApiApp); this covers any other server.
              genReqId: (req) => requestIdOf(req),
              customProps: (req) => ({ requestId: req.id }),
              redact: {
                paths: REDACTED_LOG_PATHS,
                censor: '[redacted]',
              },
              autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
            },
          }),
        }),
      ],
      providers: [{ provide: MetricsRegistry, useFactory: () => new MetricsRegistry(appName) }],
      exports: [MetricsRegistry],
    };
  }
}
