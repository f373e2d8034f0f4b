import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { Role, rolesPassing } from './role';

export const PUBLIC_KEY = 'claimtrail:public';
export const ROLES_KEY = 'claimtrail:roles';
/** Marks public operations in the OpenAPI document, so it can state that they need no key. */
export const PUBLIC_OPENAPI_EXTENSION = 'x-claimtrail-public';
/** The roles whose keys may call an operation, in the OpenAPI document (e.g. `["editor","admin"]`). */
export const ROLES_OPENAPI_EXTENSION = 'x-claimtrail-roles';

/** No API key needed (health, docs, metrics). Everything else requires one. */
export const Public = () =>
  applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiExtension(PUBLIC_OPENAPI_EXTENSION, true));

/**
 * The roles a handler (or every handler of a controller) needs: admin always passes, editor
 * wherever reporter does (see `mayCall`). One declaration serves both sides: ApiKeyGuard
 * enforces the metadata, and the OpenAPI document lists the roles that pass it under
 * `x-claimtrail-roles`, so what clients read and tests derive cannot drift from what is
 * enforced. On a handler it overrides its controller's, for the guard and the document alike.
 * `@Roles(...ROLES)`: any key may call it.
 */
export const Roles = (...roles: [Role, ...Role[]]) =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), ApiExtension(ROLES_OPENAPI_EXTENSION, rolesPassing(roles)));
