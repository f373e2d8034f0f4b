import { Controller, Get, INestApplication, Post, Type } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { ApiOperation, OpenAPIObject } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  ApiKeyGuard,
  ApiKeyService,
  Public,
  Role,
  Roles,
  ROLES,
  ROLES_OPENAPI_EXTENSION,
  RouteMetadata,
} from '@claimtrail/auth';
import { Forbidden } from '@claimtrail/errors';
import { createOpenApiDocument } from './openapi';

@Roles('admin')
@Controller('desk')
class DeskController {
  @Get() list() {}
  @Post() @Roles('editor') decide() {}
  @Get('open') @Roles(...ROLES) open() {}
}

@Public()
@Controller('ping')
class PingController {
  @Get() ping() {}
}

/** A controller whose one write declares `roles`: the same code with a role more or less. */
function writeNeeding(...roles: [Role, ...Role[]]): Type {
  @Controller('write')
  class WriteController {
    @Post() @Roles(...roles) write() {}
  }
  return WriteController;
}

type Operation = Record<string, unknown> & { description?: string; security?: unknown[] };

async function documentOf(...controllers: Type[]): Promise<OpenAPIObject> {
  const moduleRef = await Test.createTestingModule({ controllers }).compile();
  const app: INestApplication = moduleRef.createNestApplication(new FastifyAdapter());
  await app.init();
  try {
    return createOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

const operation = (doc: OpenAPIObject, path: string, method: 'get' | 'post') =>
  doc.paths[path][method] as unknown as Operation;

/** The roles ApiKeyGuard itself lets through to `handler`: what the document must list. */
async function rolesTheGuardPasses(controller: Type, handler: string, method: string): Promise<Role[]> {
  const passed: Role[] = [];
  for (const role of ROLES) {
    const apiKeys = {
      authenticateRequest: () => Promise.resolve({ keyId: `${role}-key`, role }),
    } as unknown as ApiKeyService;
    const request = { method, url: '/x', headers: {}, routeOptions: {} } as unknown as FastifyRequest;
    const prototype = controller.prototype as Record<string, () => void>;
    const context = new ExecutionContextHost([request, { header: jest.fn() }], controller, prototype[handler]);
    try {
      await new ApiKeyGuard(new RouteMetadata(), apiKeys).canActivate(context);
      passed.push(role);
    } catch (error) {
      if (!(error instanceof Forbidden)) throw error;
    }
  }
  return passed;
}

describe('the roles in the OpenAPI document', () => {
  it('lists, for each operation, the roles the guard lets through, from the same @Roles', async () => {
    const doc = await documentOf(DeskController);
    const cases: [string, 'get' | 'post', string, Role[]][] = [
      ['/desk', 'get', 'list', ['admin']],
      ['/desk', 'post', 'decide', ['editor', 'admin']],
      ['/desk/open', 'get', 'open', ['reporter', 'editor', 'auditor', 'admin']],
    ];
    for (const [path, method, handler, expected] of cases) {
      const documented = operation(doc, path, method)[ROLES_OPENAPI_EXTENSION];
      expect({ path, method, documented }).toEqual({ path, method, documented: expected });
      await expect(rolesTheGuardPasses(DeskController, handler, method.toUpperCase())).resolves.toEqual(expected);
      expect(operation(doc, path, method).description).toBe(`Roles: ${expected.join(', ')}.`);
    }
  });

  it('changes when a role is removed from the decorator, and the guard changes with it', async () => {
    const wider = writeNeeding('reporter', 'auditor');
    const narrower = writeNeeding('reporter');
    const [before, after] = [await documentOf(wider), await documentOf(narrower)];
    expect(operation(before, '/write', 'post')[ROLES_OPENAPI_EXTENSION]).toEqual([
      'reporter',
      'editor',
      'auditor',
      'admin',
    ]);
    expect(operation(after, '/write', 'post')[ROLES_OPENAPI_EXTENSION]).toEqual(['reporter', 'editor', 'admin']);
    expect(operation(after, '/write', 'post').description).toBe('Roles: reporter, editor, admin.');
    await expect(rolesTheGuardPasses(wider, 'write', 'POST')).resolves.toContain('auditor');
    await expect(rolesTheGuardPasses(narrower, 'write', 'POST')).resolves.not.toContain('auditor');
  });

  it('marks public operations as needing no key, with no roles and no 401/403', async () => {
    const ping = operation(await documentOf(PingController), '/ping', 'get');
    expect(ping.security).toEqual([]);
    expect(ping.description).toBe('Public: no API key needed.');
    expect(ping).not.toHaveProperty(ROLES_OPENAPI_EXTENSION);
    expect(ping).not.toHaveProperty('x-claimtrail-public');
    expect(Object.keys(ping.responses as object)).not.toContain('403');
  });

  it('keeps what a handler says about itself and adds the roles after it', async () => {
    @Controller('told')
    class ToldController {
      @Get() @Roles('auditor') @ApiOperation({ description: 'Reads the log.' }) told() {}
    }
    const told = operation(await documentOf(ToldController), '/told', 'get');
    expect(told.description).toBe('Reads the log.\n\nRoles: auditor, admin.');
    expect(Object.keys(told.responses as object)).toEqual(expect.arrayContaining(['401', '403', '429']));
  });
});
