import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import { ApiHarness, startApi } from './support/api-harness';
import { authHeader, TEST_ADMIN_API_KEY } from './support/api-keys';

interface OpenApiDocument {
  openapi: string;
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema?: object }> }> }>
  >;
}

type Method = 'GET' | 'POST' | 'DELETE';

const ROUND_MS = 1000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `done` until it holds (at most 10 s): for read models that follow the log. */
async function until(done: () => Promise<boolean>): Promise<void> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(50)) if (await done()) return;
}

/** One real request: the operation it exercises (`GET /claims/{id}`) and what it sends. */
interface ContractCase {
  operation: string;
  url: () => string;
  payload?: () => Record<string, unknown>;
  headers?: Record<string, string>;
  /** The status this request must get: its response is then checked against the document. */
  status: number;
  /** Runs first, e.g. to let the claim's corroboration round pass its deadline. */
  prepare?: () => Promise<void>;
}

/** JSON pointer of the schema a response must match, within the document. */
const pointer = (path: string, method: string, status: string, type: string) =>
  ['paths', path, method, 'responses', status, 'content', type, 'schema']
    .map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1'))
    .join('/');

/**
 * The contract the newsroom frontend codes against: the OpenAPI document is valid OpenAPI
 * (checked by an independent validator), and every operation's real responses — a success and
 * a problem — match what the document says, status, content type and body.
 */
describe('OpenAPI contract (e2e)', () => {
  let api: ApiHarness;
  let doc: OpenApiDocument;
  let ajv: Ajv;
  const ids: Record<string, string> = {};
  const exercised = new Set<string>();
  const validators = new Map<string, ValidateFunction>();

  const keyDir = mkdtempSync(join(tmpdir(), 'claimtrail-contract-key-'));

  beforeAll(async () => {
    // A signing key, so the audit checkpoint operations answer their success.
    const signingKey = join(keyDir, 'audit-signing-key.pem');
    writeFileSync(signingKey, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    // Short rounds, so a claim's first round is over by the time the test asks for another.
    api = await startApi({
      ADMIN_API_KEY: TEST_ADMIN_API_KEY,
      AUDIT_SIGNING_KEY_FILE: signingKey,
      CORROBORATION_DEADLINE_MS: String(ROUND_MS),
      // The webhook cases register a receiver on loopback (nothing listens: registration only).
      WEBHOOK_ALLOWED_PRIVATE_ADDRESSES: '127.0.0.1',
      // Jobs the relay replay re-adds stay in this test's own queues.
      QUEUE_PREFIX: `contract-${process.pid}-${Date.now()}`,
    });
    doc = (await api.app.inject({ method: 'GET', url: '/docs-json' })).json();
    ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(doc, 'openapi');
  });
  afterAll(async () => {
    await api.close();
    rmSync(keyDir, { recursive: true, force: true });
  });

  const admin = authHeader(TEST_ADMIN_API_KEY);

  function validatorFor(path: string, method: string, status: string, type: string): ValidateFunction {
    const ref = `openapi#/${pointer(path, method, status, type)}`;
    let validate = validators.get(ref);
    if (!validate) validators.set(ref, (validate = ajv.compile({ $ref: ref })));
    return validate;
  }

  /** Checks one response against its operation in the document; returns the body. */
  function expectDocumented(operation: string, res: LightMyRequestResponse): unknown {
    const [method, path] = operation.split(' ');
    const documented = doc.paths[path]?.[method.toLowerCase()];
    expect(documented).toBeDefined();
    const response = documented.responses[String(res.statusCode)];
    if (!response)
      throw new Error(`${operation} answered ${res.statusCode}, which the document does not list: ${res.body}`);
    if (!response.content) {
      expect(res.body).toBe('');
      return undefined;
    }
    const type = String(res.headers['content-type'] ?? '').split(';')[0];
    expect(Object.keys(response.content)).toContain(type);
    if (!response.content[type].schema) return undefined;
    const bodies =
      type === 'application/x-ndjson'
        ? res.body
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line))
        : /json$/.test(type)
          ? [res.json()]
          : [res.body];
    const validate = validatorFor(path, method.toLowerCase(), String(res.statusCode), type);
    for (const body of type === 'application/x-ndjson' ? [] : bodies) {
      if (!validate(body))
        throw new Error(
          `${operation} ${res.statusCode} body does not match the document: ${ajv.errorsText(validate.errors)}\n${res.body}`,
        );
    }
    return bodies[0];
  }

  async function run(c: ContractCase): Promise<unknown> {
    await c.prepare?.();
    const [method] = c.operation.split(' ') as [Method];
    const res = await api.app.inject({
      method,
      url: c.url(),
      headers: { ...admin, ...c.headers },
      ...(c.payload ? { payload: c.payload() } : {}),
    });
    if (res.statusCode !== c.status)
      throw new Error(`${c.operation} (${c.url()}): expected ${c.status}, got ${res.statusCode}: ${res.body}`);
    exercised.add(c.operation);
    return expectDocumented(c.operation, res);
  }

  it('is valid OpenAPI, by an independent validator', async () => {
    // The validator ships as ESM only: run its CLI, as a CI step would.
    const dir = mkdtempSync(join(tmpdir(), 'claimtrail-openapi-'));
    try {
      writeFileSync(join(dir, 'openapi.json'), JSON.stringify(doc));
      const cli = require.resolve('@seriousme/openapi-schema-validator/bin/validate-api-cli.js');
      const { stdout } = await promisify(execFile)(process.execPath, [cli, join(dir, 'openapi.json')]);
      expect(JSON.parse(stdout)).toEqual({ valid: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(doc.openapi).toMatch(/^3\.0\./);
  });

  const unknownId = '00000000-0000-4000-8000-000000000000';
  const claimId = () => ids.claim;
  const cases: [string, ContractCase][] = (
    [
      { operation: 'GET /health', url: () => '/health', status: 200 },
      { operation: 'GET /health/ready', url: () => '/health/ready', status: 200 },
      { operation: 'GET /metrics', url: () => '/metrics', status: 200 },
      {
        operation: 'POST /publishers',
        url: () => '/publishers',
        payload: () => ({ name: 'Contract Post', domain: 'contract.example', reliability: 0.9 }),
        status: 201,
      },
      { operation: 'POST /publishers', url: () => '/publishers', payload: () => ({ name: 1 }), status: 400 },
      { operation: 'GET /publishers', url: () => '/publishers?limit=1', status: 200 },
      { operation: 'GET /publishers/{id}', url: () => '/publishers/contract-post', status: 200 },
      { operation: 'GET /publishers/{id}', url: () => '/publishers/no-such-publisher', status: 404 },
      {
        operation: 'POST /claims',
        url: () => '/claims',
        payload: () => ({
          text: 'The contract claim is documented',
          claimant: 'a contract tester',
          article: {
            url: 'https://contract.example/a',
            title: 'A',
            publisher: 'Contract Post',
            publishedAt: '2026-11-30T10:00:00Z',
          },
        }),
        status: 201,
      },
      { operation: 'POST /claims', url: () => '/claims', payload: () => ({ text: '' }), status: 400 },
      { operation: 'GET /claims', url: () => '/claims?limit=1', status: 200 },
      { operation: 'GET /claims', url: () => '/claims?limit=0', status: 400 },
      { operation: 'GET /claims/{id}', url: () => `/claims/${claimId()}?minPosition=${ids.position}`, status: 200 },
      { operation: 'GET /claims/{id}', url: () => `/claims/${unknownId}`, status: 404 },
      { operation: 'GET /claims/{id}/events', url: () => `/claims/${claimId()}/events`, status: 200 },
      {
        operation: 'GET /claims/{id}/status',
        url: () => `/claims/${claimId()}/status?asOf=2100-01-01T00:00:00Z`,
        status: 200,
      },
      {
        operation: 'POST /claims/{id}/evidence',
        url: () => `/claims/${claimId()}/evidence`,
        payload: () => ({
          publisher: 'Contract Post',
          url: 'https://contract.example/b',
          excerpt: 'It is documented.',
          stance: 'supports',
        }),
        status: 200,
      },
      {
        operation: 'POST /claims/{id}/evidence',
        url: () => `/claims/${claimId()}/evidence`,
        payload: () => ({ stance: 'maybe' }),
        status: 400,
      },
      {
        operation: 'POST /claims/{id}/evidence/{evidenceId}/confirm',
        url: () => `/claims/${claimId()}/evidence/${ids.evidence}/confirm`,
        payload: () => ({ reason: 'checked the page' }),
        prepare: async () => {
          const view = await api.app.inject({
            method: 'GET',
            url: `/claims/${claimId()}?minPosition=${ids.evidencePosition}`,
            headers: admin,
          });
          ids.evidence = (view.json() as { evidence: { evidenceId: string }[] }).evidence[0].evidenceId;
        },
        status: 200,
      },
      {
        operation: 'POST /claims/{id}/evidence/{evidenceId}/confirm',
        url: () => `/claims/${claimId()}/evidence/${unknownId}/confirm`,
        payload: () => ({ reason: 'checked the page' }),
        status: 404,
      },
      {
        operation: 'POST /claims/{id}/evidence/{evidenceId}/confirm',
        url: () => `/claims/${claimId()}/evidence/${unknownId}/confirm`,
        payload: () => ({}),
        status: 400,
      },
      {
        operation: 'POST /claims/{id}/verdict',
        url: () => `/claims/${claimId()}/verdict`,
        payload: () => ({ status: 'unverified', reason: 'contract' }),
        status: 200,
      },
      {
        operation: 'POST /claims/{id}/verdict',
        url: () => `/claims/${claimId()}/verdict`,
        payload: () => ({ status: 'unverified', reason: 'x' }),
        headers: { 'if-match': '"1"' },
        status: 412,
      },
      {
        operation: 'POST /claims/{id}/corroborate',
        url: () => `/claims/${claimId()}/corroborate`,
        payload: () => ({}),
        prepare: () => sleep(ROUND_MS + 100),
        status: 202,
      },
      {
        operation: 'POST /claims/{id}/duplicate-of',
        url: () => `/claims/${claimId()}/duplicate-of`,
        payload: () => ({ duplicateOf: claimId(), reason: 'itself' }),
        status: 409,
      },
      {
        operation: 'POST /claims/{id}/duplicate-of',
        url: () => `/claims/${ids.second}/duplicate-of`,
        payload: () => ({ duplicateOf: claimId(), reason: 'same claim' }),
        status: 200,
      },
      // A duplicate takes no more changes.
      {
        operation: 'POST /claims/{id}/corroborate',
        url: () => `/claims/${ids.second}/corroborate`,
        payload: () => ({}),
        status: 409,
      },
      {
        operation: 'GET /claims/{id}/claim-review',
        url: () => `/claims/${claimId()}/claim-review`,
        // The editor's verdict reaches the claim_reviews read model asynchronously.
        prepare: () =>
          until(
            async () =>
              (await api.app.inject({ method: 'GET', url: `/claims/${claimId()}/claim-review`, headers: admin }))
                .statusCode === 200,
          ),
        status: 200,
      },
      { operation: 'GET /claims/{id}/claim-review', url: () => `/claims/${unknownId}/claim-review`, status: 404 },
      { operation: 'GET /claim-reviews', url: () => '/claim-reviews?since=2000-01-01T00:00:00Z', status: 200 },
      { operation: 'GET /claim-reviews', url: () => '/claim-reviews?since=yesterday', status: 400 },
      {
        operation: 'GET /claims/{id}/similar',
        url: () => `/claims/${ids.second}/similar`,
        // The similar_claims read model follows the log asynchronously.
        prepare: () =>
          until(
            async () =>
              (await api.app.inject({ method: 'GET', url: `/claims/${ids.second}/similar`, headers: admin }))
                .statusCode === 200,
          ),
        status: 200,
      },
      { operation: 'GET /claims/{id}/similar', url: () => `/claims/${unknownId}/similar`, status: 404 },
      {
        operation: 'POST /articles',
        url: () => '/articles',
        payload: () => ({
          url: 'https://contract.example/c',
          title: 'C',
          publisher: 'Contract Post',
          publishedAt: '2026-11-30T11:00:00Z',
          body: 'The contract body, a tester said.',
          language: 'en',
        }),
        status: 201,
      },
      {
        operation: 'POST /api-keys',
        url: () => '/api-keys',
        payload: () => ({ name: 'contract', role: 'auditor' }),
        status: 201,
      },
      { operation: 'GET /api-keys', url: () => '/api-keys', status: 200 },
      { operation: 'DELETE /api-keys/{id}', url: () => `/api-keys/${ids.key}`, status: 204 },
      {
        operation: 'POST /webhooks',
        url: () => '/webhooks',
        payload: () => ({ url: 'http://127.0.0.1:9/contract', eventTypes: ['ClaimStatusChanged'] }),
        status: 201,
      },
      {
        operation: 'POST /webhooks',
        url: () => '/webhooks',
        payload: () => ({ url: 'http://10.0.0.1/contract', eventTypes: ['ClaimStatusChanged'] }),
        status: 400,
      },
      { operation: 'GET /webhooks', url: () => '/webhooks', status: 200 },
      { operation: 'GET /webhooks/{id}', url: () => `/webhooks/${ids.webhook}`, status: 200 },
      { operation: 'GET /webhooks/{id}', url: () => `/webhooks/${unknownId}`, status: 404 },
      { operation: 'GET /webhooks/{id}/deliveries', url: () => `/webhooks/${ids.webhook}/deliveries`, status: 200 },
      { operation: 'GET /webhooks/{id}/deliveries', url: () => `/webhooks/${unknownId}/deliveries`, status: 404 },
      { operation: 'DELETE /webhooks/{id}', url: () => `/webhooks/${ids.webhook}`, status: 200 },
      { operation: 'DELETE /webhooks/{id}', url: () => '/webhooks/nope', status: 400 },
      { operation: 'GET /audit/verify', url: () => '/audit/verify', status: 200 },
      { operation: 'GET /audit/events', url: () => '/audit/events?fromPosition=1', status: 200 },
      { operation: 'GET /audit/events', url: () => '/audit/events?fromPosition=-1', status: 400 },
      { operation: 'POST /audit/checkpoints', url: () => '/audit/checkpoints', status: 201 },
      { operation: 'GET /audit/checkpoints', url: () => '/audit/checkpoints', status: 200 },
      { operation: 'GET /audit/public-key', url: () => '/audit/public-key', status: 200 },
      {
        operation: 'POST /admin/relay/replay',
        url: () => '/admin/relay/replay',
        payload: () => ({ from: 0 }),
        status: 200,
      },
      {
        operation: 'POST /admin/relay/replay',
        url: () => '/admin/relay/replay',
        payload: () => ({ from: 'yesterday' }),
        status: 400,
      },
      { operation: 'GET /admin/projections', url: () => '/admin/projections', status: 200 },
      { operation: 'GET /admin/projections/{name}', url: () => '/admin/projections/claim_status', status: 200 },
      { operation: 'GET /admin/projections/{name}', url: () => '/admin/projections/nope', status: 404 },
      {
        operation: 'POST /admin/projections/{name}/drift',
        url: () => '/admin/projections/claim_status/drift',
        status: 202,
      },
      {
        operation: 'POST /admin/projections/{name}/rebuild',
        url: () => '/admin/projections/nope/rebuild',
        status: 404,
      },
    ] satisfies ContractCase[]
  ).map((c): [string, ContractCase] => [`${c.operation} → ${c.status}`, c]);

  it.each(cases)('%s matches the document', async (_, c) => {
    const body = await run(c);
    if (c.operation === 'POST /claims/{id}/evidence' && c.status === 200)
      ids.evidencePosition = String((body as { position: number }).position);
    if (c.operation === 'POST /claims' && c.status === 201) {
      ({ id: ids.claim, position: ids.position } = body as { id: string; position: string });
      ids.second = (
        (
          await api.app.inject({
            method: 'POST',
            url: '/claims',
            headers: admin,
            payload: { text: 'A second claim', claimant: 'x' },
          })
        ).json() as { id: string }
      ).id;
    }
    if (c.operation === 'POST /api-keys') ids.key = (body as { id: string }).id;
    if (c.operation === 'POST /webhooks' && c.status === 201) ids.webhook = (body as { id: string }).id;
  });

  it('a request without a key gets the documented 401 problem', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/claims' });
    expect(res.statusCode).toBe(401);
    expectDocumented('GET /claims', res);
  });

  // A new operation needs a case above: its success and a problem, checked against the document.
  it('exercises every operation of the document', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    // Streams that never end are checked by their own specs.
    const streams = documented.filter((operation) => /\/stream$/.test(operation));
    expect(documented.filter((operation) => !exercised.has(operation) && !streams.includes(operation))).toEqual([]);
  });
});
