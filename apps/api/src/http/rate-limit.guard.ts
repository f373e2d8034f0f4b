import { ExecutionContext, Injectable } from '@nestjs/common';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerModuleOptions,
  ThrottlerStorage,
} from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyService, BOOTSTRAP_ADMIN_KEY_ID, PUBLIC_KEY, RouteMetadata } from '@claimtrail/auth';
import { AuthFailureLimiter } from './auth-failure-limiter';

/**
 * Rate limit per API key: one budget per key across all endpoints and API processes
 * (counted in Redis); requests without a valid key share a budget per client address.
 * Failed authentications have their own, smaller budgets (AuthFailureLimiter). It runs
 * before ApiKeyGuard (and shares its per-request authentication). @Public routes (health,
 * metrics) are not limited. Over the limit: 429 with Retry-After in seconds.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    // The throttler reads each route's limits through it on every request: remembered per handler.
    reflector: RouteMetadata,
    private readonly apiKeys: ApiKeyService,
    private readonly authFailures: AuthFailureLimiter,
  ) {
    super(options, storage, reflector);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (await this.shouldSkip(context)) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const actor = await this.apiKeys.authenticateRequest(request);
    // No key at all is not a guess (ApiKeyGuard answers 401); a wrong one is.
    if (!actor && request.headers.authorization !== undefined) await this.authFailures.failed(request.ip, reply);
    else if (actor?.keyId === BOOTSTRAP_ADMIN_KEY_ID) await this.authFailures.ensureBudget(request.ip, reply);
    return super.canActivate(context);
  }

  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    return Promise.resolve(
      this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, [context.getHandler(), context.getClass()]) ??
        false,
    );
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const actor = await this.apiKeys.authenticateRequest(request as unknown as FastifyRequest);
    return actor ? `key:${actor.keyId}` : `ip:${await super.getTracker(request)}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }
}
