import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem, ProblemDetails } from './problem-details';

/** Errors of Node's HTTP parser, by code: what the client did wrong. */
const parserErrors: Record<string, { status: number; slug: string; title: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    slug: 'headers-too-large',
    title: 'Request header fields too large',
    detail: 'The request headers are too large',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    slug: 'request-timeout',
    title: 'Request timeout',
    detail: 'The request took too long to arrive',
  },
};

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

function clientErrorProblem(error: Error & { code?: string }): ProblemDetails {
  const known = error.code ? parserErrors[error.code] : undefined;
  if (known) return problem(known.status, known.slug, known.title, known.detail);
  // Conflicting Transfer-Encoding and Content-Length, bad chunking, invalid header bytes...: never echo the parser's
  // text.
  return problem(400, 'malformed-request', 'Malformed request', 'The request is not valid HTTP');
}

/**
 * Fastify's hooks for errors raised below Nest, so they too answer as problem+json: HTTP parser
 * errors on the raw socket (431, smuggling attempts) and Fastify's own routing errors (a URL
 * whose percent-encoding is broken).
 */
export const fastifyErrorHandlers = {
  clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
    if (!socket.writable) return;
    const answer = clientErrorProblem(error);
    const body = JSON.stringify(answer);
    socket.end(
      `HTTP/1.1 ${answer.status} ${STATUS_TEXT[answer.status] ?? 'Bad Request'}\r\n` +
        `Content-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  },
  frameworkErrors(error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
    const detail =
      error.code === 'FST_ERR_BAD_URL' ? 'The URL is not validly percent-encoded' : 'The request could not be routed';
    void reply
      .code(400)
      .type('application/problem+json; charset=utf-8')
      .send({ ...problem(400, 'malformed-request', 'Malformed request', detail), instance: request.url });
  },
};
