import type { FastifyRequest } from 'fastify';
import { Unauthenticated } from '@claimtrail/errors';
import { Actor } from './role';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling: set by ApiKeyGuard on every request to a handler that is not @Public. */
    actor?: Actor;
  }
}

/** What every event appended on behalf of a request records about its origin. */
export interface RequestMetadata {
  actor: Actor;
  /** The request id (the client's X-Request-Id when sane): ties together everything one request set off. */
  correlationId: string;
  /** What directly caused the event: for a command issued by a request, the request itself. */
  causationId: string;
}

/** The authenticated actor of a request; a handler on a @Public route has none. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Unauthenticated('This route needs an authenticated caller');
  return request.actor;
}

/** Event metadata for a command issued by an HTTP request. */
export function requestMetadata(request: FastifyRequest): RequestMetadata {
  return { actor: actorOf(request), correlationId: request.id, causationId: request.id };
}
