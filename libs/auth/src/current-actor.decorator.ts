import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { actorOf, requestMetadata } from './request-metadata';

const requestOf = (context: ExecutionContext) => context.switchToHttp().getRequest<FastifyRequest>();

/** Injects the caller's `Actor` ({keyId, role}) into a handler parameter. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext) =>
  actorOf(requestOf(context)),
);

/** Injects the request's `RequestMetadata` (actor, correlation and causation ids) for the events a command appends. */
export const CurrentRequestMetadata = createParamDecorator((_: unknown, context: ExecutionContext) =>
  requestMetadata(requestOf(context)),
);
