import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyService, mayCall } from '@claimtrail/auth';
import { ClaimtrailError, Forbidden, Unauthenticated } from '@claimtrail/errors';
import { ALL_QUEUE_NAMES } from '@claimtrail/jobs';
import { problemFromError } from '../http/problem-details';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * The key a request presents: `Authorization: Bearer <key>`, or Basic with the key as
 * password (what a browser sends after its login prompt, so the dashboard opens in one).
 */
export function presentedKey(authorization: string | undefined): string | undefined {
  const basic = /^Basic[ \t]+([A-Za-z0-9+/=]+)[ \t]*$/i.exec(authorization ?? '');
  if (!basic) return authorization;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : `Bearer ${decoded.slice(colon + 1)}`;
}

/**
 * Bull Board at /admin/queues, for admin keys only. Bull Board is a Fastify plugin,
 * outside Nest's routing and so outside the global ApiKeyGuard: the plugin is registered
 * inside an encapsulated Fastify context whose onRequest hook checks the key and its role
 * with the auth lib's service before any of its routes (pages, static files, its JSON
 * API) runs. Failures are the API's usual problem+json 401/403.
 */
@Injectable()
export class QueueDashboard implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
    private readonly apiKeys: ApiKeyService,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
    createBullBoard({
      queues: ALL_QUEUE_NAMES.map((name) => new BullMQAdapter(this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }))),
      serverAdapter,
    });
    void fastify.register(async (scope) => {
      scope.addHook('onRequest', (request, reply) => this.adminOnly(request, reply));
      await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
    });
  }

  private async adminOnly(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const given = request.headers.authorization !== undefined;
    const actor = await this.apiKeys.authenticate(presentedKey(request.headers.authorization));
    if (!actor) {
      void reply.header('WWW-Authenticate', [given ? 'Bearer error="invalid_token"' : 'Bearer', 'Basic realm="Claimtrail queues", charset="UTF-8"']);
      return refuse(reply, new Unauthenticated(given ? 'The API key is unknown or revoked' : 'An admin API key is required: Authorization: Bearer <key>'));
    }
    if (!mayCall(actor.role, ['admin'], request.method)) {
      return refuse(reply, new Forbidden(`A key with role ${actor.role} may not open the queue dashboard`, { role: actor.role, requiredRoles: ['admin'] }));
    }
    return undefined;
  }
}

/** Answers with the problem document; returning the reply ends the request in an async hook. */
function refuse(reply: FastifyReply, error: ClaimtrailError): FastifyReply {
  const problem = problemFromError(error);
  return reply.code(problem.status).type('application/problem+json').send(problem);
}
