import { Controller, Delete, Get, Post } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { FastifyRequest } from 'fastify';
import { Forbidden, Unauthenticated } from '@claimtrail/errors';
import { ApiKeyGuard } from './api-key.guard';
import { RouteMetadata } from './route-metadata';
import { ApiKeyService } from './api-key.service';
import { Public, Roles } from './auth.decorators';
import { Role } from './role';

@Controller('things')
class ThingsController {
  @Get() list() {}
  @Post() @Roles('reporter') report() {}
  @Post('verdict') @Roles('editor') judge() {}
  @Delete() purge() {}
  @Post('undeclared') undeclaredWrite() {}
}

@Public()
@Controller('open')
class OpenController {
  @Post() ping() {}
}

@Roles('auditor')
@Controller('audit')
class AuditController {
  @Get() verify() {}
  @Get('mine') @Roles('reporter') mine() {}
}

/** Runs the guard for a handler, as `role` (or with no valid key), the way Nest would. */
async function call(controller: object, handler: string, method: string, role?: Role) {
  const apiKeys = {
    authenticateRequest: () => Promise.resolve(role ? { keyId: `${role}-key`, role } : null),
  } as unknown as ApiKeyService;
  const guard = new ApiKeyGuard(new RouteMetadata(), apiKeys);
  const request = { method, url: '/x', headers: {}, routeOptions: {} } as unknown as FastifyRequest;
  const reply = { header: jest.fn() };
  const type = (controller as { constructor: new () => object }).constructor;
  const context = new ExecutionContextHost([request, reply], type, (controller as Record<string, () => void>)[handler]);
  try {
    await guard.canActivate(context);
    return { outcome: 'pass', actor: request.actor, reply };
  } catch (error) {
    if (error instanceof Unauthenticated) return { outcome: 401, reply };
    if (error instanceof Forbidden) return { outcome: 403, reply };
    throw error;
  }
}

const outcomes = async (controller: object, handler: string, method: string) =>
  Object.fromEntries(
    await Promise.all(
      (['reporter', 'editor', 'auditor', 'admin'] as const).map(async (r) => [
        r,
        (await call(controller, handler, method, r)).outcome,
      ]),
    ),
  );

describe('ApiKeyGuard', () => {
  const things = new ThingsController();

  it('answers 401 with WWW-Authenticate: Bearer when no key authenticates', async () => {
    const { outcome, reply } = await call(things, 'list', 'GET');
    expect(outcome).toBe(401);
    expect(reply.header).toHaveBeenCalledWith('WWW-Authenticate', 'Bearer');
  });

  it('puts the actor on the request', async () => {
    expect((await call(things, 'list', 'GET', 'auditor')).actor).toEqual({ keyId: 'auditor-key', role: 'auditor' });
  });

  it('lets every role read a GET handler without @Roles', async () => {
    expect(await outcomes(things, 'list', 'GET')).toEqual({
      reporter: 'pass',
      editor: 'pass',
      auditor: 'pass',
      admin: 'pass',
    });
  });

  it('keeps writes without @Roles to admins', async () => {
    expect(await outcomes(things, 'purge', 'DELETE')).toEqual({
      reporter: 403,
      editor: 403,
      auditor: 403,
      admin: 'pass',
    });
    expect(await outcomes(things, 'undeclaredWrite', 'POST')).toEqual({
      reporter: 403,
      editor: 403,
      auditor: 403,
      admin: 'pass',
    });
  });

  it('lets editors and admins through where reporters may go, never auditors', async () => {
    expect(await outcomes(things, 'report', 'POST')).toEqual({
      reporter: 'pass',
      editor: 'pass',
      auditor: 403,
      admin: 'pass',
    });
    expect(await outcomes(things, 'judge', 'POST')).toEqual({
      reporter: 403,
      editor: 'pass',
      auditor: 403,
      admin: 'pass',
    });
  });

  it('reads @Roles from the class, a handler overriding it', async () => {
    const audit = new AuditController();
    expect(await outcomes(audit, 'verify', 'GET')).toEqual({
      reporter: 403,
      editor: 403,
      auditor: 'pass',
      admin: 'pass',
    });
    expect(await outcomes(audit, 'mine', 'GET')).toEqual({
      reporter: 'pass',
      editor: 'pass',
      auditor: 403,
      admin: 'pass',
    });
  });

  it('skips @Public controllers entirely', async () => {
    expect((await call(new OpenController(), 'ping', 'POST')).outcome).toBe('pass');
  });
});
