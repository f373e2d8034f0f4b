import { ApiKeyService, Role, ROLES } from '@claimtrail/auth';
import { ApiHarness } from './api-harness';

/** A bootstrap admin key for `startApi({ ADMIN_API_KEY: TEST_ADMIN_API_KEY })`. */
export const TEST_ADMIN_API_KEY = 'test-bootstrap-admin-key-0123456789';

/** Creates a real API key for `role` through the service (no HTTP, so no rate-limit budget spent); returns the key. */
export async function createKey(api: ApiHarness, role: Role, name = `${role} test key`): Promise<string> {
  const created = await api.app.get(ApiKeyService).create({ name, role }, { keyId: 'test-setup', role: 'admin' });
  return created.key;
}

/** One fresh key per role, for role-matrix tests. */
export async function createKeysForEveryRole(api: ApiHarness): Promise<Record<Role, string>> {
  const keys = await Promise.all(ROLES.map((role) => createKey(api, role)));
  return Object.fromEntries(ROLES.map((role, i) => [role, keys[i]])) as Record<Role, string>;
}

/** Headers for `app.inject({ headers })`. */
export function authHeader(key: string): { authorization: string } {
  return { authorization: `Bearer ${key}` };
}
