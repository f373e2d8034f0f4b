import { randomUUID } from 'node:crypto';
import { ROOT_LOGGER } from '@claimtrail/observability';
import pino from 'pino';
import { ApiKeyService, BOOTSTRAP_ADMIN_KEY_ID, hashApiKey } from '@claimtrail/auth';
import { ValidationFailed } from '@claimtrail/errors';
import { ApiHarness, startApi } from './support/api-harness';
import { authHeader, createKey, TEST_ADMIN_API_KEY } from './support/api-keys';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

describe('API keys and roles', () => {
  let api: ApiHarness;
  const inject = (method: Method, url: string, key?: string, body?: Record<string, unknown>) =>
    api.app.inject({ method, url, headers: key ? authHeader(key) : {}, ...(body ? { payload: body } : {}) });

  beforeAll(async () => {
    api = await startApi({ ADMIN_API_KEY: TEST_ADMIN_API_KEY });
  });
  afterAll(() => api.close());

  describe('authentication', () => {
    it('answers 401 problem+json with WWW-Authenticate when no key is given', async () => {
      const res = await inject('GET', '/api-keys');
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.json()).toMatchObject({
        status: 401,
        title: 'Unauthenticated',
        type: expect.stringMatching(/unauthenticated$/),
      });
    });

    it.each([
      ['an unknown well-formed key', `Bearer ct_00000000_${'A'.repeat(43)}`],
      ['a malformed key', 'Bearer not-a-key'],
      ['another scheme', `Basic ${TEST_ADMIN_API_KEY}`],
      ['an empty bearer', 'Bearer '],
      ['the admin key with a suffix', `Bearer ${TEST_ADMIN_API_KEY}x`],
    ])('answers 401 for %s', async (_, authorization) => {
      const res = await api.app.inject({ method: 'GET', url: '/api-keys', headers: { authorization } });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    });

    it('accepts ADMIN_API_KEY as the bootstrap admin, in any case of the scheme', async () => {
      const res = await api.app.inject({
        method: 'GET',
        url: '/api-keys',
        headers: { authorization: `bearer ${TEST_ADMIN_API_KEY}` },
      });
      expect(res.statusCode).toBe(200);
    });

    it('keeps health, metrics and the OpenAPI docs public', async () => {
      for (const url of ['/health', '/metrics', '/docs', '/docs-json']) {
        const res = await inject('GET', url);
        expect({ url, status: res.statusCode }).toEqual({ url, status: 200 });
      }
    });
  });

  it('documents in OpenAPI which operations need a key and their 401/403/429 answers', async () => {
    const doc = (await inject('GET', '/docs-json')).json();
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/health'].get.security).toEqual([]);
    expect(doc.paths['/health'].get.responses).not.toHaveProperty('401');
    for (const operation of [
      doc.paths['/api-keys'].post,
      doc.paths['/api-keys'].get,
      doc.paths['/api-keys/{id}'].delete,
    ]) {
      expect(operation.security).toBeUndefined();
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403', '429']));
    }
    expect(JSON.stringify(doc)).not.toContain('x-claimtrail-public');
  });

  describe('key lifecycle', () => {
    it('shows a new key once, stores only its hash, and lists it without secrets', async () => {
      const created = await inject('POST', '/api-keys', TEST_ADMIN_API_KEY, { name: 'night desk', role: 'reporter' });
      expect(created.statusCode).toBe(201);
      const body = created.json();
      expect(body).toEqual({
        id: expect.any(String),
        name: 'night desk',
        role: 'reporter',
        prefix: expect.stringMatching(/^[0-9a-f]{8}$/),
        key: expect.stringMatching(/^ct_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/),
        createdAt: expect.any(String),
      });
      expect(body.key.startsWith(`ct_${body.prefix}_`)).toBe(true);

      const row = await api.database.db
        .selectFrom('api_keys')
        .selectAll()
        .where('id', '=', body.id)
        .executeTakeFirstOrThrow();
      expect(row.key_hash).toBe(hashApiKey(body.key));
      expect(row.created_by).toBe(BOOTSTRAP_ADMIN_KEY_ID);
      const secret = body.key.split('_').slice(2).join('_');
      expect(JSON.stringify(row)).not.toContain(secret);

      const listed = await inject('GET', '/api-keys', TEST_ADMIN_API_KEY);
      expect(listed.statusCode).toBe(200);
      const item = listed.json().items.find((k: { id: string }) => k.id === body.id);
      expect(item).toEqual({
        id: body.id,
        name: 'night desk',
        role: 'reporter',
        prefix: body.prefix,
        createdAt: body.createdAt,
        createdBy: BOOTSTRAP_ADMIN_KEY_ID,
        revokedAt: null,
        lastUsedAt: null,
      });
      expect(listed.body).not.toContain(secret);
      expect(listed.body).not.toContain(row.key_hash);
    });

    it('authenticates with a created key and records its use', async () => {
      const key = await createKey(api, 'admin');
      const res = await inject('GET', '/api-keys', key);
      expect(res.statusCode).toBe(200);
      const id = await idOf(key);
      // The use is recorded off the request path, in a batch written every few seconds.
      await expect(poll(async () => (await rowOf(id)).last_used_at)).resolves.toBeInstanceOf(Date);
    });

    it("imports a key whose plaintext is known (the seeds' demo keys) as a hash, once", async () => {
      const service = api.app.get(ApiKeyService);
      const demo = {
        name: 'demo editor',
        role: 'editor' as const,
        key: 'ct_de000002_DEMO_ONLY_public_editor_key_not_a_secret_xx',
      };
      await expect(service.importKey(demo, { keyId: 'seed', role: 'system' })).resolves.toBe(true);
      await expect(service.importKey(demo, { keyId: 'seed', role: 'system' })).resolves.toBe(false);
      const rows = await api.database.db.selectFrom('api_keys').selectAll().where('name', '=', 'demo editor').execute();
      expect(rows).toEqual([
        expect.objectContaining({
          role: 'editor',
          prefix: 'de000002',
          key_hash: hashApiKey(demo.key),
          created_by: 'seed',
        }),
      ]);
      expect(JSON.stringify(rows)).not.toContain('DEMO_ONLY');
      expect((await inject('POST', '/api-keys', demo.key, { name: 'x', role: 'admin' })).statusCode).toBe(403);
      await expect(service.importKey({ ...demo, key: 'ct_short' }, { keyId: 'seed', role: 'system' })).rejects.toThrow(
        ValidationFailed,
      );
    });

    it('records the creating admin key as created_by', async () => {
      const admin = await createKey(api, 'admin');
      const res = await inject('POST', '/api-keys', admin, { name: 'by a real admin', role: 'editor' });
      expect(res.statusCode).toBe(201);
      expect((await rowOf(res.json().id)).created_by).toBe(await idOf(admin));
    });

    it('refuses a revoked key from the very next request', async () => {
      const key = await createKey(api, 'admin');
      expect((await inject('GET', '/api-keys', key)).statusCode).toBe(200);
      const id = await idOf(key);
      const revoked = await inject('DELETE', `/api-keys/${id}`, TEST_ADMIN_API_KEY);
      expect(revoked.statusCode).toBe(204);
      const res = await inject('GET', '/api-keys', key);
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');

      const firstRevokedAt = (await rowOf(id)).revoked_at;
      expect(firstRevokedAt).toBeInstanceOf(Date);
      expect((await inject('DELETE', `/api-keys/${id}`, TEST_ADMIN_API_KEY)).statusCode).toBe(204);
      expect((await rowOf(id)).revoked_at).toEqual(firstRevokedAt);
      const listed = (await inject('GET', '/api-keys', TEST_ADMIN_API_KEY))
        .json()
        .items.find((k: { id: string }) => k.id === id);
      expect(listed.revokedAt).toBe(firstRevokedAt!.toISOString());
    });

    it('answers 404 for revoking an unknown key and 400 for a malformed id', async () => {
      expect((await inject('DELETE', `/api-keys/${randomUUID()}`, TEST_ADMIN_API_KEY)).statusCode).toBe(404);
      const res = await inject('DELETE', '/api-keys/not-a-uuid', TEST_ADMIN_API_KEY);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([expect.objectContaining({ field: 'id' })]);
    });

    it.each([
      [{ name: 'x', role: 'superuser' }, 'role'],
      [{ name: '', role: 'reporter' }, 'name'],
      [{ name: ' '.repeat(3), role: 'reporter' }, 'name'],
      [{ name: 'x'.repeat(101), role: 'reporter' }, 'name'],
      [{ role: 'reporter' }, 'name'],
      [{ name: 'x', role: 'reporter', key: 'ct_chosen' }, 'key'],
    ])('rejects %j naming %s, and stores nothing', async (body, field) => {
      const before = (await inject('GET', '/api-keys', TEST_ADMIN_API_KEY)).json().items.length;
      const res = await inject('POST', '/api-keys', TEST_ADMIN_API_KEY, body);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
      expect((await inject('GET', '/api-keys', TEST_ADMIN_API_KEY)).json().items).toHaveLength(before);
    });
  });

  async function idOf(key: string): Promise<string> {
    const row = await api.database.db
      .selectFrom('api_keys')
      .select('id')
      .where('key_hash', '=', hashApiKey(key))
      .executeTakeFirstOrThrow();
    return row.id;
  }

  function rowOf(id: string) {
    return api.database.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }
});

/** Re-reads until a value appears (bounded by attempts, not by time). */
async function poll<T>(read: () => Promise<T | null>, attempts = 300): Promise<T | null> {
  for (let i = 0; i < attempts; i++) {
    const value = await read();
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return null;
}

describe('rate limit per API key', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => api.close());

  it('answers 429 problem+json with Retry-After past the limit, per key', async () => {
    const [first, second] = [await createKey(api, 'admin'), await createKey(api, 'admin')];
    for (let i = 0; i < 3; i++) {
      expect((await api.app.inject({ method: 'GET', url: '/api-keys', headers: authHeader(first) })).statusCode).toBe(
        200,
      );
    }
    const limited = await api.app.inject({ method: 'GET', url: '/api-keys', headers: authHeader(first) });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.json()).toMatchObject({ status: 429, type: expect.stringMatching(/rate-limited$/) });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // The budget is the key's own, shared by every endpoint.
    expect(
      (
        await api.app.inject({
          method: 'POST',
          url: '/api-keys',
          headers: authHeader(first),
          payload: { name: 'x', role: 'reporter' },
        })
      ).statusCode,
    ).toBe(429);
    expect((await api.app.inject({ method: 'GET', url: '/api-keys', headers: authHeader(second) })).statusCode).toBe(
      200,
    );
  });

  it('limits requests without a valid key by client address, so guessing keys is throttled', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await api.app.inject({
        method: 'GET',
        url: '/api-keys',
        headers: { authorization: `Bearer ct_00000000_${String(i).repeat(43)}` },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('never limits health and metrics', async () => {
    for (let i = 0; i < 6; i++) {
      expect((await api.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
      expect((await api.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    }
  });
});

describe('secrets in logs', () => {
  let api: ApiHarness;
  let lines: string[];
  beforeAll(async () => {
    api = await startApi({ ADMIN_API_KEY: TEST_ADMIN_API_KEY, LOG_LEVEL: 'info' });
    // The app's root logger's destination: every request line goes through it.
    const stream = (api.app.get(ROOT_LOGGER) as unknown as Record<symbol, { write(line: string): boolean }>)[
      pino.symbols.streamSym
    ];
    lines = [];
    jest.spyOn(stream, 'write').mockImplementation((line: string) => lines.push(line) > 0);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await api.close();
  });

  it('writes neither the admin key nor a created key to the log', async () => {
    const created = await api.app.inject({
      method: 'POST',
      url: '/api-keys',
      headers: authHeader(TEST_ADMIN_API_KEY),
      payload: { name: 'logged?', role: 'admin' },
    });
    expect(created.statusCode).toBe(201);
    const { key } = created.json();
    expect((await api.app.inject({ method: 'GET', url: '/api-keys', headers: authHeader(key) })).statusCode).toBe(200);
    expect(
      (await api.app.inject({ method: 'DELETE', url: `/api-keys/${created.json().id}`, headers: authHeader(key) }))
        .statusCode,
    ).toBe(204);
    expect((await api.app.inject({ method: 'GET', url: '/api-keys', headers: authHeader(key) })).statusCode).toBe(401);

    const log = lines.join('');
    expect(log).toMatch(/"url":"\/api-keys"/);
    // Request lines carry no headers at all (see ObservabilityModule), so no credential header either.
    expect(log).not.toMatch(/"headers"/);
    expect(log).not.toContain(TEST_ADMIN_API_KEY);
    expect(log).not.toContain(key.slice(12));
  });

  it('logs no line for probes and scrapes (successful ones), but does for their neighbours', async () => {
    lines.length = 0;
    expect((await api.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect((await api.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    await api.app.inject({ method: 'GET', url: '/health/ready' });
    const urls = lines.map((line) => (JSON.parse(line) as { req?: { url?: string } }).req?.url).filter(Boolean);
    expect(urls).toEqual(['/health/ready']);
  });
});
