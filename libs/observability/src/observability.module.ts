import { DynamicModule, Global, Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LoggerModule, Params, PARAMS_PROVIDER_TOKEN } from 'nestjs-pino';
import pino from 'pino';
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

/** Injection token: the process's root pino logger (the one nestjs-pino's Logger writes through). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The process's logger: JSON lines, secrets redacted. Lines about a request name its id themselves (the request line,
 * the problem filter's): an AsyncLocalStorage per request would put it on every line, but on Node 20 it turns on
 * promise hooks for the whole process, which cost a third of a cached read (bench/RESULTS.md, API).
 */
export function rootLogger(appName: string, level: string): pino.Logger {
  return pino({ name: appName, level, redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' } });
}

/** A client's X-Request-Id when it is sane, else a new one; it becomes the correlation id of every event. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

@Global()
@Module({})
export class ObservabilityModule {
  /** Structured JSON logs (secrets redacted; the API adds one line per request) and the metrics registry. */
  static forRoot(appName: string): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            // One root logger, no per-request middleware (forRoutes: none): the API logs each request's line itself
            // (logRequests).
            pinoHttp: { logger: rootLogger(appName, config.logLevel) },
            forRoutes: [],
          }),
        }),
      ],
      providers: [
        { provide: MetricsRegistry, useFactory: () => new MetricsRegistry(appName) },
        {
          provide: ROOT_LOGGER,
          inject: [PARAMS_PROVIDER_TOKEN],
          useFactory: (params: Params) => (params.pinoHttp as { logger: pino.Logger }).logger,
        },
      ],
      exports: [MetricsRegistry, ROOT_LOGGER],
    };
  }
}
