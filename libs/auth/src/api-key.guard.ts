import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Forbidden, Unauthenticated } from '@claimtrail/errors';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { ApiKeyService } from './api-key.service';
import { mayCall, Role } from './role';
import { RouteMetadata } from './route-metadata';

/**
 * Requires `Authorization: Bearer <api key>` on every handler that is not @Public:
 * 401 when it is missing, unknown or revoked, 403 when the key's role may not call the
 * handler (see `mayCall`). Sets `request.actor`.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: RouteMetadata,
    private readonly apiKeys: ApiKeyService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets)) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const actor = await this.apiKeys.authenticateRequest(request);
    if (!actor) {
      const given = request.headers.authorization !== undefined;
      void http
        .getResponse<FastifyReply>()
        .header('WWW-Authenticate', given ? 'Bearer error="invalid_token"' : 'Bearer');
      throw new Unauthenticated(
        given ? 'The API key is unknown or revoked' : 'An API key is required: Authorization: Bearer <key>',
      );
    }
    request.actor = actor;
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!mayCall(actor.role, required, request.method)) {
      throw new Forbidden(
        `A key with role ${actor.role} may not call ${request.method} ${request.routeOptions.url ?? request.url}`,
        {
          role: actor.role,
          requiredRoles: required?.length ? required : ['admin'],
        },
      );
    }
    return true;
  }
}
