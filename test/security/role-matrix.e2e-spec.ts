import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Role, ROLES, ROLES_OPENAPI_EXTENSION } from '@claimtrail/auth';
import { ApiHarness, startApi } from '../support/api-harness';
import { authHeader, createKeysForEveryRole } from '../support/api-keys';

/** The keys of a path item that are operations (OpenAPI 3.0); the rest (parameters, summary, …) are not. */
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface OpenApiOperation {
  description?: string;
  security?: unknown[];
  parameters?: { name: string; in: string }[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
  [ROLES_OPENAPI_EXTENSION]?: unknown;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation | unknown>>;
}

/** One operation of the document, and who it says may call it. */
interface DocumentedOperation {
  name: string;
  method: string;
  path: string;
  isPublic: boolean;
  /** `x-claimtrail-roles`; undefined when missing or not a list of roles. */
  roles: Role[] | undefined;
  operation: OpenApiOperation;
}

/** Who calls: a key of a role, or nobody (no Authorization header). */
type Caller = Role | 'no key';

/**
 * What a request carries. `placeholder`: a random UUID for every path parameter and `{}` as
 * the body where the operation takes one — plausible, so allowed roles get as far as a 404 or
 * a 400 for a missing field. `invalid`: input every operation refuses (a malformed id, a bad
 * value for every query parameter, a body of the wrong shape) — a refused role must still get
 * 403, which shows that authorization runs before validation.
 */
type Input = 'placeholder' | 'invalid';

interface Answer {
  status: number;
  contentType: string;
  body: string;
  wwwAuthenticate: string | null;
}

const isRoleList = (value: unknown): value is Role[] =>
  Array.isArray(value) && value.length > 0 && value.every((role) => (ROLES as readonly unknown[]).includes(role));

function operationsOf(doc: OpenApiDocument): DocumentedOperation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.includes(method))
      .map(([method, value]) => {
        const operation = value as OpenApiOperation;
        const roles = operation[ROLES_OPENAPI_EXTENSION];
        return {
          name: `${method.toUpperCase()} ${path}`,
          method: method.toUpperCase(),
          path,
          isPublic: Array.isArray(operation.security) && operation.security.length === 0,
          roles: isRoleList(roles) ? roles : undefined,
          operation,
        };
      }),
  );
}

/**
 * The role matrix, generated from the OpenAPI document the running API serves: every operation
 * in it is called with no key and with a key of each role. The document's `x-claimtrail-roles`
 * come from the same @Roles ApiKeyGuard enforces (apps/api/src/openapi.spec.ts shows that
 * changing the decorator changes both), so a new endpoint is covered here the day it is added,
 * and an endpoint whose document and behaviour disagree fails here.
 */
describe('role matrix from the OpenAPI document (e2e)', () => {
  let api: ApiHarness;
  let base: string;
  let keys: Record<Role, string>;
  let operations: DocumentedOperation[];
  /** `caller input operation` for every request made, to prove that none was skipped. */
  const checked = new Set<string>();

  beforeAll(async () => {
    // Its own queues: nothing an allowed call might enqueue reaches another test's workers.
    api = await startApi({ QUEUE_PREFIX: `role-matrix-${process.pid}-${Date.now()}` });
    await api.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
    keys = await createKeysForEveryRole(api);
    // Without a key: the document itself is public.
    const res = await fetch(`${base}/docs-json`);
    expect(res.status).toBe(200);
    operations = operationsOf((await res.json()) as OpenApiDocument);
  });
  afterAll(() => api?.close());

  function urlOf(op: DocumentedOperation, input: Input): string {
    const path = op.path.replace(/\{[^}]+\}/g, () => (input === 'placeholder' ? randomUUID() : 'not-a-uuid'));
    if (input === 'placeholder') return `${base}${path}`;
    const query = (op.operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => `${p.name}=-1x`);
    return `${base}${path}${query.length ? `?${query.join('&')}` : ''}`;
  }

  /**
   * One real HTTP request. The answer's headers are enough for a stream (the claim feed never
   * ends): its body is dropped unread. Bounded, so a hanging operation fails with its name.
   */
  async function call(op: DocumentedOperation, caller: Caller, input: Input): Promise<Answer> {
    const headers: Record<string, string> = caller === 'no key' ? {} : authHeader(keys[caller]);
    let body: string | undefined;
    if (op.operation.requestBody !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(input === 'placeholder' ? {} : { unexpected: ['not', 'valid'] });
    }
    const res = await fetch(urlOf(op, input), {
      method: op.method,
      headers,
      body,
      signal: AbortSignal.timeout(20_000),
    });
    const contentType = res.headers.get('content-type') ?? '';
    const streamed = contentType.startsWith('text/event-stream');
    if (streamed) await res.body?.cancel();
    checked.add(`${caller} ${input} ${op.name}`);
    return {
      status: res.status,
      contentType,
      body: streamed ? '' : await res.text(),
      wwwAuthenticate: res.headers.get('www-authenticate'),
    };
  }

  /** What is wrong with `answer` for `caller` on `op`, or nothing. */
  function mismatch(op: DocumentedOperation, caller: Caller, answer: Answer): string | undefined {
    const seen = `${answer.status} ${answer.contentType} ${answer.body.slice(0, 200)}`;
    if (op.isPublic) return [401, 403].includes(answer.status) ? `public, yet ${seen}` : undefined;
    if (caller === 'no key') {
      const ok =
        answer.status === 401 &&
        answer.contentType.startsWith('application/problem+json') &&
        answer.wwwAuthenticate?.startsWith('Bearer') === true;
      return ok ? undefined : `expected 401 problem+json with WWW-Authenticate, got ${seen}`;
    }
    if (op.roles === undefined) return `the document names no roles (${ROLES_OPENAPI_EXTENSION}); got ${seen}`;
    if (op.roles.includes(caller)) {
      if ([401, 403].includes(answer.status)) return `listed, yet refused: ${seen}`;
      // Past authorization, placeholder input is a client mistake: never a 500.
      return answer.status === 500 ? `listed, got past authorization, then ${seen}` : undefined;
    }
    if (answer.status !== 403 || !answer.contentType.startsWith('application/problem+json'))
      return `not listed, expected 403 problem+json, got ${seen}`;
    const problem = JSON.parse(answer.body) as { status?: number; title?: string; role?: string };
    return problem.status === 403 && problem.title === 'Forbidden' && problem.role === caller
      ? undefined
      : `403 without the problem's status, title and role: ${answer.body}`;
  }

  async function mismatchesOf(caller: Caller): Promise<string[]> {
    const found: string[] = [];
    for (const op of operations) {
      for (const input of ['placeholder', 'invalid'] as const) {
        const problem = mismatch(op, caller, await call(op, caller, input));
        if (problem) found.push(`${op.name} (${input} input) as ${caller}: ${problem}`);
      }
    }
    return found;
  }

  it('finds in the document every operation with the roles that may call it, or marked public', () => {
    expect(operations.length).toBeGreaterThan(0);
    const undocumented = operations.filter((op) => !op.isPublic && op.roles === undefined).map((op) => op.name);
    expect(undocumented).toEqual([]);
    for (const op of operations) {
      const sentence = op.isPublic ? 'Public: no API key needed.' : `Roles: ${op.roles!.join(', ')}.`;
      const refusals = op.isPublic ? [] : ['401', '403'];
      expect({ operation: op.name, description: op.operation.description, refusals }).toEqual({
        operation: op.name,
        description: expect.stringContaining(sentence),
        refusals: refusals.filter((status) => status in op.operation.responses),
      });
    }
    expect(operations.filter((op) => op.isPublic).map((op) => op.name)).toEqual(
      expect.arrayContaining(['GET /health', 'GET /health/ready', 'GET /metrics']),
    );
  });

  it('answers 401 problem+json without a key, except on public operations', async () => {
    expect(await mismatchesOf('no key')).toEqual([]);
  });

  it.each(ROLES)(
    'with a key of role %s: 403 problem+json where the role is not listed (whatever the input), past authorization where it is',
    async (role) => {
      expect(await mismatchesOf(role)).toEqual([]);
    },
  );

  it('the newsroom policy holds in the document: admin-only administration, auditors only read, the log for auditors', () => {
    const breaches = operations.flatMap((op) => {
      const roles = op.roles ?? [];
      const found: string[] = [];
      if (/^\/(api-keys|webhooks|admin)(\/|$)/.test(op.path) && roles.join() !== 'admin')
        found.push(`${op.name} is administration, yet open to ${roles.join(', ')}`);
      // Auditors may ask for a checkpoint (it adds nothing to the log); they change nothing else.
      if (roles.includes('auditor') && op.method !== 'GET' && op.name !== 'POST /audit/checkpoints')
        found.push(`${op.name} changes state, yet auditors may call it`);
      const readsTheLog = /^\/audit\//.test(op.path) || /^\/claims\/\{id\}\/(events|status)$/.test(op.path);
      if (readsTheLog && (roles.includes('reporter') || roles.includes('editor')))
        found.push(`${op.name} reads the log's history, yet ${roles.join(', ')} may call it`);
      return found;
    });
    expect(breaches).toEqual([]);
  });

  /**
   * The one thing that comes before authorization: Fastify reads and parses the body before
   * any Nest guard runs, so a body it cannot parse is 400 and a non-JSON one 415, with or
   * without a key, whatever the role. Those answers depend on the request alone and tell
   * nothing about the key or the operation's roles. Everything Nest validates (path and query
   * parameters, the body's fields, text Postgres cannot store) comes after: the `invalid`
   * requests above show it.
   */
  it('refuses an unparseable or non-JSON body before authorization, for every caller alike', async () => {
    const admin = operations.find((op) => op.name === 'POST /api-keys');
    expect(admin?.roles).toEqual(['admin']);
    for (const caller of ['no key', 'auditor', 'admin'] as const) {
      const headers = caller === 'no key' ? {} : authHeader(keys[caller]);
      const unparseable = await fetch(`${base}/api-keys`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: '{"name":',
      });
      expect({ caller, status: unparseable.status }).toEqual({ caller, status: 400 });
      expect(unparseable.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const form = await fetch(`${base}/api-keys`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'name=x&role=admin',
      });
      expect({ caller, status: form.status }).toEqual({ caller, status: 415 });
    }
  });

  // Last: the matrix above made a request per caller, input and operation of the document.
  it('checked every operation of the document, with no key and with a key of each role', async () => {
    // Counted afresh from the document, without operationsOf: whatever a path item holds besides
    // these fields is an operation, so one that operationsOf would skip makes the counts differ.
    const notOperations = new Set(['summary', 'description', 'servers', 'parameters', '$ref']);
    const doc = (await (await fetch(`${base}/docs-json`)).json()) as OpenApiDocument;
    const documented = Object.values(doc.paths).reduce(
      (count, item) => count + Object.keys(item).filter((key) => !notOperations.has(key)).length,
      0,
    );
    const callers: Caller[] = ['no key', ...ROLES];
    expect(operations).toHaveLength(documented);
    expect(checked.size).toBe(callers.length * 2 * documented);
    expect(new Set([...checked].map((request) => request.split(' ').slice(-2).join(' '))).size).toBe(documented);
  });
});
