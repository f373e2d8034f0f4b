import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyService, mayCall } from '@claimtrail/auth';
import { ClaimtrailError, Forbidden, Unauthenticated } from '@claimtrail/errors';
import { ALL_QUEUE_NAMES } from '@claimtrail/jobs';
import { problem, problemFromError } from '../http/problem-details';

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

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why a state-changing dashboard request looks cross-site, or `undefined`. A browser that cached
 * Basic credentials attaches them to a foreign site's form POST too, so Basic needs positive proof
 * of a same-origin request (Sec-Fetch-Site, else a matching Origin); a Bearer header cannot be
 * attached by another site without a CORS preflight, but a foreign Origin is refused for it too.
 */
export function crossSiteReason(
  method: string,
  headers: Record<string, string | string[] | undefined>,
): string | undefined {
  if (SAFE_METHODS.has(method.toUpperCase())) return undefined;
  const fetchSite = typeof headers['sec-fetch-site'] === 'string' ? headers['sec-fetch-site'] : undefined;
  const origin = typeof headers.origin === 'string' ? headers.origin : undefined;
  if (fetchSite !== undefined && fetchSite !== 'same-origin') return `Sec-Fetch-Site: ${fetchSite}`;
  if (origin !== undefined && originHost(origin) !== headers.host) return `Origin: ${origin}`;
  const basic = /^Basic\b/i.test(typeof headers.authorization === 'string' ? headers.authorization : '');
  if (basic && fetchSite === undefined && origin === undefined)
    return 'Basic credentials without Sec-Fetch-Site or Origin';
  return undefined;
}

function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
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
  private readonly logger = new Logger('queue-dashboard');

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
      queues: ALL_QUEUE_NAMES.map(
        (name) => new BullMQAdapter(this.moduleRef.get<Queue>(getQueueToken(name), { strict: false })),
      ),
      serverAdapter,
    });
    // Bull Board's own handler answers with the error's text (Redis and Lua messages): log it, answer generically.
    serverAdapter.setErrorHandler((error) => {
      this.logger.error({ err: error }, 'queue dashboard request failed');
      return {
        status: 500,
        body: problem(
          500,
          'internal-error',
          'Internal server error',
          'An unexpected error occurred; it has been logged',
        ),
      };
    });
    void fastify.register(async (scope) => {
      scope.addHook('onRequest', (request, reply) => this.adminOnly(request, reply));
      scope.addHook('onSend', async (_request, reply, payload) => {
        if (reply.statusCode >= 400) void reply.type('application/problem+json; charset=utf-8');
        return payload;
      });
      await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
    });
  }

  private async adminOnly(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const given = request.headers.authorization !== undefined;
    const actor = await this.apiKeys.authenticate(presentedKey(request.headers.authorization));
    if (!actor) {
      void reply.header('WWW-Authenticate', [
        given ? 'Bearer error="invalid_token"' : 'Bearer',
        'Basic realm="Claimtrail queues", charset="UTF-8"',
      ]);
      return refuse(
        reply,
        new Unauthenticated(
          given ? 'The API key is unknown or revoked' : 'An admin API key is required: Authorization: Bearer <key>',
        ),
      );
    }
    if (!mayCall(actor.role, ['admin'], request.method)) {
      return refuse(
        reply,
        new Forbidden(`A key with role ${actor.role} may not open the queue dashboard`, {
          role: actor.role,
          requiredRoles: ['admin'],
        }),
      );
    }
    const crossSite = crossSiteReason(request.method, request.headers);
    if (crossSite) {
      return refuse(
        reply,
        new Forbidden(`Cross-site request refused (${crossSite}); send the key as Authorization: Bearer`, {
          rule: 'cross-site-request',
        }),
      );
    }
    return undefined;
  }
}

/** Answers with the problem document; returning the reply ends the request in an async hook. */
function refuse(reply: FastifyReply, error: ClaimtrailError): FastifyReply {
  const problem = problemFromError(error);
  return reply.code(problem.status).type('application/problem+json').send(problem);
}
