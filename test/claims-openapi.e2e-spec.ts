import { ApiHarness, startApi } from './support/api-harness';

/** The OpenAPI document is the newsroom frontend's contract: every claim operation, its inputs, outputs and problems. */
describe('claims OpenAPI document (e2e)', () => {
  let api: ApiHarness;
  let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

  interface Schema {
    properties?: Record<string, unknown>;
    additionalProperties?: boolean;
    required?: string[];
  }
  interface Operation {
    parameters?: { name: string; in: string }[];
    requestBody?: { content: Record<string, { schema: { $ref: string } }> };
    responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
  }

  beforeAll(async () => {
    api = await startApi();
    doc = (await api.app.inject({ method: 'GET', url: '/docs-json' })).json();
  });
  afterAll(() => api.close());

  const schemaOf = (ref: string) => doc.components.schemas[ref.replace('#/components/schemas/', '')];

  it.each([
    ['post', '/claims', '201', ['text', 'claimant', 'attribution', 'article', 'citedUrls', 'language']],
    [
      'post',
      '/claims/{id}/evidence',
      '200',
      ['publisher', 'url', 'excerpt', 'stance', 'confidence', 'retrievedAt', 'reason', 'repeats', 'subjectResponse'],
    ],
    ['post', '/claims/{id}/verdict', '200', ['status', 'withdraw', 'reason']],
    ['post', '/claims/{id}/corroborate', '202', ['sources']],
    ['post', '/claims/{id}/duplicate-of', '200', ['duplicateOf', 'reason']],
    ['post', '/publishers', '201', ['id', 'name', 'domain', 'ownerGroup', 'reliability']],
  ])('%s %s: a strict request schema, its result and its problems', (method, path, success, fields) => {
    const operation = doc.paths[path][method];
    const request = schemaOf(operation.requestBody!.content['application/json'].schema.$ref);
    expect(Object.keys(request.properties ?? {}).sort()).toEqual([...fields].sort());
    expect(request.additionalProperties).toBe(false);
    expect(operation.responses[success].content?.['application/json'].schema.$ref).toBeDefined();
    expect(operation.responses['400'].content).toHaveProperty(['application/problem+json']);
  });

  it('documents If-Match and Idempotency-Key on claim writes, and 412/409/422', () => {
    const operation = doc.paths['/claims/{id}/verdict'].post;
    expect(
      operation.parameters
        ?.filter((p) => p.in === 'header')
        .map((p) => p.name)
        .sort(),
    ).toEqual(['Idempotency-Key', 'If-Match']);
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['409', '412', '422']));
  });

  it('documents the reads with their filters and results', () => {
    expect(doc.paths['/claims'].get.parameters?.map((p) => p.name).sort()).toEqual([
      'checkable',
      'cursor',
      'kind',
      'limit',
      'minPosition',
      'publisher',
      'q',
      'since',
      'status',
    ]);
    const view = schemaOf(doc.paths['/claims/{id}'].get.responses['200'].content!['application/json'].schema.$ref!);
    expect(Object.keys(view.properties ?? {})).toEqual(
      expect.arrayContaining(['id', 'text', 'claimant', 'status', 'reasons', 'evidence', 'version', 'updatedAt']),
    );
    for (const path of ['/claims/{id}/events', '/claims/{id}/status', '/publishers', '/publishers/{id}']) {
      expect(doc.paths[path].get.responses['200'].content?.['application/json'].schema.$ref).toBeDefined();
    }
  });
});
