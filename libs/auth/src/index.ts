import { Migration } from 'kysely';
import type { TableGrants } from '@claimtrail/database';
import * as createApiKeys from './migrations/1795981169992-CreateApiKeys';
import * as notifyApiKeyChanges from './migrations/1796115007922-NotifyApiKeyChanges';

export { ROLES, mayCall, rolesPassing } from './role';
export type { Role, Actor } from './role';
export {
  Public,
  Roles,
  PUBLIC_KEY,
  PUBLIC_OPENAPI_EXTENSION,
  ROLES_KEY,
  ROLES_OPENAPI_EXTENSION,
} from './auth.decorators';
export { CurrentActor, CurrentRequestMetadata } from './current-actor.decorator';
export { requestMetadata } from './request-metadata';
export type { RequestMetadata } from './request-metadata';
export { hashApiKey } from './api-key-format';
export { ApiKeyRepository } from './api-key.repository';
export type { ApiKeysTable } from './api-key.repository';
export { ApiKeyService, BOOTSTRAP_ADMIN_KEY_ID } from './api-key.service';
export type { ApiKeyListing, CreatedApiKey, KeyActor } from './api-key.service';
export { ApiKeyGuard } from './api-key.guard';
export { RouteMetadata } from './route-metadata';
export { AuthModule } from './auth.module';

/** The migrations of the auth tables (`api_keys`); registered in @claimtrail/schema. */
export const authMigrations: Record<string, Migration> = {
  '1795981169992-CreateApiKeys': createApiKeys,
  '1796115007922-NotifyApiKeyChanges': notifyApiKeyChanges,
};

/** What the API and worker may do to the auth tables (the app role's grants; keys are revoked, never deleted). */
export const authTableGrants: TableGrants = { api_keys: ['SELECT', 'INSERT', 'UPDATE'] };
