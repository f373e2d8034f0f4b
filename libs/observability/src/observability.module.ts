import { DynamicModule, Global, Module, RequestMethod } from '@nestjs/common';
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

/** Probes and scrapes: their successful requests are not logged (one line per probe would drown the rest). */
const UNLOGGED_PATHS = new Set(['/health', '/metrics']);

/**
 * Whether a request's completion goes unlogged. Under Fastify the middleware sees `url` with its
 * mount path stripped (middie); `originalUrl` is what the client asked for.
 */
export function isUnloggedRequest(req: IncomingMessage & { originalUrl?: string }): boolean {
  const url = req.originalUrl ?? req.url ?? '';
  const query = url.indexOf('?');
  return UNLOGGED_PATHS.has(query === -1 ? url : url.slice(0, query));
}

/** What a request line says of the request (pino-http passes it pino's own serialisation of the request). */
export function requestLineOf(req: { id?: unknown; method?: string; url?: string }): Record<string, unknown> {
  return { id: req.id, method: req.method, url: req.url };
}

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
            // Probes and scrapes skip the request logger altogether: it would make a child logger per request (most of
            // what /health costs besides the framework) only to log nothing (isUnloggedRequest stays as the backstop).
            exclude: [...UNLOGGED_PATHS].map((path) => ({ path: path.slice(1), method: RequestMethod.GET })),
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
              autoLogging: { ignore: isUnloggedRequest },
              // A request line names the request and its status, nothing more: no headers to serialise and redact
              // on every request (they were the larger part of pino's per-request cost), so no credentials either.
              serializers: {
                req: requestLineOf,
                res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
              },
            },
          }),
        }),
      ],
      providers: [{ provide: MetricsRegistry, useFactory: () => new MetricsRegistry(appName) }],
      exports: [MetricsRegistry],
    };
  }
}
