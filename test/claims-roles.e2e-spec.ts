import { Role, ROLES } from '@claimtrail/auth';
import { ApiHarness, startApi } from './support/api-harness';
import { authHeader, createKeysForEveryRole } from './support/api-keys';

/**
 * The role matrix of the claim and publisher endpoints: each role against each
 * endpoint. Allowed roles get past authorization (any status but 401/403), the others
 * get 403, and no key gets 401.
 */
describe('claims and publishers: role matrix (e2e)', () => {
  let api: ApiHarness;
  let keys: Record<Role, string>;
  let claimId: string;

  beforeAll(async () => {
    api = await startApi();
    keys = await createKeysForEveryRole(api);
    const res = await api.app.inject({
      method: 'POST',
      url: '/claims',
      headers: authHeader(keys.reporter),
      payload: { text: 'matrix', claimant: 'someone' },
    });
    claimId = res.json().id;
  });
  afterAll(() => api.close());

  const everyone: Role[] = [...ROLES];
  const writers: Role[] = ['reporter', 'editor', 'admin'];
  const editors: Role[] = ['editor', 'admin'];
  const auditors: Role[] = ['auditor', 'admin'];
  const rows: { method: 'GET' | 'POST'; url: () => string; body?: () => Record<string, unknown>; allowed: Role[] }[] = [
    { method: 'POST', url: () => '/claims', body: () => ({ text: 'x', claimant: 'y' }), allowed: writers },
    { method: 'GET', url: () => '/claims', allowed: everyone },
    { method: 'GET', url: () => `/claims/${claimId}`, allowed: everyone },
    { method: 'GET', url: () => `/claims/${claimId}/events`, allowed: auditors },
    { method: 'GET', url: () => `/claims/${claimId}/status`, allowed: auditors },
    {
      method: 'POST',
      url: () => `/claims/${claimId}/evidence`,
      body: () => ({ publisher: 'ap', url: 'https://apnews.com/x', excerpt: 'e', stance: 'neutral' }),
      allowed: writers,
    },
    {
      method: 'POST',
      url: () => `/claims/${claimId}/verdict`,
      body: () => ({ status: 'unverified', reason: 'r' }),
      allowed: editors,
    },
    { method: 'POST', url: () => `/claims/${claimId}/corroborate`, body: () => ({}), allowed: editors },
    {
      method: 'POST',
      url: () => `/claims/${claimId}/duplicate-of`,
      body: () => ({ duplicateOf: claimId, reason: 'r' }),
      allowed: editors,
    },
    { method: 'GET', url: () => '/publishers', allowed: everyone },
    { method: 'GET', url: () => '/publishers/ap', allowed: everyone },
    { method: 'POST', url: () => '/publishers', body: () => ({ name: 'Matrix Post' }), allowed: editors },
  ];

  describe.each(rows.map((row) => [`${row.method} ${row.url().replace('undefined', ':id')}`, row] as const))(
    '%s',
    (_, row) => {
      it.each(ROLES.map((role) => [role, row.allowed.includes(role)] as const))(
        '%s allowed: %s',
        async (role, allowed) => {
          const res = await api.app.inject({
            method: row.method,
            url: row.url(),
            headers: authHeader(keys[role]),
            ...(row.body ? { payload: row.body() } : {}),
          });
          if (allowed) expect([401, 403]).not.toContain(res.statusCode);
          else expect(res.statusCode).toBe(403);
        },
      );

      it('needs a key', async () => {
        const res = await api.app.inject({
          method: row.method,
          url: row.url(),
          ...(row.body ? { payload: row.body() } : {}),
        });
        expect(res.statusCode).toBe(401);
      });
    },
  );
});
