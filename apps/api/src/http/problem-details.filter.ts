import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ClaimtrailError, isDependencyOutage, Unavailable } from '@claimtrail/errors';
import { AuthenticationThrottled } from './auth-failure-limiter';
import { problem, problemFromError, ProblemDetails } from './problem-details';

/** Fastify's own client errors (body parsing, content type, size), by code. */
const fastifyClientErrors: Record<string, { status: number; slug: string; title: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, slug: 'body-too-large', title: 'Request body too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, slug: 'unsupported-media-type', title: 'Unsupported media type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, slug: 'malformed-request', title: 'Malformed request' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, slug: 'malformed-request', title: 'Malformed request' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, slug: 'malformed-request', title: 'Malformed request' },
};

/** Seconds a client is asked to wait after a 503: long enough for a restart or failover to progress. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

/** During an outage every request fails alike: one warning per this interval says it. */
const OUTAGE_LOG_INTERVAL_MS = 10_000;

/**
 * Turns every error into an RFC 9457 application/problem+json response. Client
 * mistakes keep their 4xx; Postgres or Redis unreachable is a 503 with `Retry-After`
 * (a client can tell an outage from a bug, and the write's transaction rolled back);
 * anything unexpected is logged and answered with a bare 500 that reveals nothing internal.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');
  private lastOutageLog = 0;

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = { ...this.toProblem(exception), instance: request.url };
    if (body.status === 503) {
      this.logOutage(exception, request.id);
      if (!reply.hasHeader('retry-after')) reply.header('Retry-After', String(OUTAGE_RETRY_AFTER_SECONDS));
    } else if (body.status >= 500) {
      this.logger.error({ err: exception, requestId: request.id }, 'request failed');
    }
    if (body.status === 429 && !reply.hasHeader('retry-after')) reply.header('Retry-After', '60');
    void reply.status(body.status).header('Content-Type', 'application/problem+json; charset=utf-8').send(body);
  }

  /**
   * An outage is expected and repetitive: a short warning, no stack, at most one per
   * interval. An `Unavailable` the application raised on purpose (readiness) is logged
   * by whoever raised it.
   */
  private logOutage(exception: unknown, requestId: string): void {
    if (exception instanceof Unavailable) return;
    if (Date.now() - this.lastOutageLog < OUTAGE_LOG_INTERVAL_MS) return;
    this.lastOutageLog = Date.now();
    this.logger.warn({ requestId, error: (exception as Error).message }, 'request failed: a dependency is unreachable');
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof ClaimtrailError) return problemFromError(exception);
    if (isDependencyOutage(exception)) {
      return problem(
        503,
        'unavailable',
        'Service unavailable',
        'A service Claimtrail depends on is unreachable; retry later (a write retried with its Idempotency-Key is ' +
          'applied once)',
      );
    }
    if (exception instanceof ThrottlerException) {
      const detail =
        exception instanceof AuthenticationThrottled
          ? exception.message
          : 'The rate limit for this API key was exceeded; retry later';
      return problem(429, 'rate-limited', 'Too many requests', detail);
    }
    if (exception instanceof HttpException) return this.fromHttpException(exception);
    const code = (exception as { code?: string } | null)?.code;
    const known = code ? fastifyClientErrors[code] : undefined;
    if (known) return problem(known.status, known.slug, known.title, (exception as Error).message);
    if (exception instanceof SyntaxError)
      return problem(400, 'malformed-request', 'Malformed request', 'The body is not valid JSON');
    const status = (exception as { statusCode?: number } | null)?.statusCode;
    if (status && status >= 400 && status < 500)
      return problem(status, 'client-error', 'Bad request', (exception as Error).message);
    return problem(500, 'internal-error', 'Internal server error', 'An unexpected error occurred; it has been logged');
  }

  private fromHttpException(exception: HttpException): ProblemDetails {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : String((response as { message?: unknown }).message ?? exception.message);
    const title = HttpStatus[status]?.toLowerCase().replace(/_/g, ' ') ?? 'error';
    return problem(status, title.replace(/ /g, '-'), title.charAt(0).toUpperCase() + title.slice(1), message);
  }
}
