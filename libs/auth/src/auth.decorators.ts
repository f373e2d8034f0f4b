import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { Role } from './role';

export const PUBLIC_KEY = 'claimtrail:public';
export const ROLES_KEY = 'claimtrail:roles';
/** Marks public operations in the OpenAPI document, so it can state that they need no key. */
export const PUBLIC_OPENAPI_EXTENSION = 'x-claimtrail-public';

/** No API key needed (health, docs, metrics). Everything else requires one. */
export const Public = () =>
  applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiExtension(PUBLIC_OPENAPI_EXTENSION, true));

/** The roles a handler needs (admin always passes, editor wherever reporter does; see `mayCall`). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
