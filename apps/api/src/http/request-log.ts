import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';

/** Probes and scrapes: their successful requests are not logged (one line per probe would drown the rest). */
const UNLOGGED_PATHS = new Set(['/health', '/metrics']);

/** Whether a request's line is left out: a successful probe or scrape. */
function isUnloggedRequest(request: Pick<FastifyRequest, 'url'>, statusCode: number): boolean {
  if (statusCode >= 400) return false;
  const query = request.url.indexOf('?');
  return UNLOGGED_PATHS.has(query === -1 ? request.url : request.url.slice(0, query));
}

/**
 * One line per request (id, method, URL, status, time; never headers, so never a credential).
 * A Fastify hook rather than pino-http's middleware: no child logger per request, which cost
 * more than the line itself.
 */
export function logRequests(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const statusCode = reply.statusCode;
    if (!isUnloggedRequest(request, statusCode)) {
      const line = {
        requestId: request.id,
        req: { id: request.id, method: request.method, url: request.url },
        res: { statusCode },
        responseTime: Math.round(reply.elapsedTime),
      };
      if (statusCode >= 500) logger.error(line, 'request errored');
      else logger.info(line, 'request completed');
    }
    done();
  });
}
