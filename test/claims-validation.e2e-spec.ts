import { ApiHarness, startApi } from './support/api-harness';
import { authHeader, createKey } from './support/api-keys';
import { claimClient } from './support/claim-client';

/**
 * Every rule of the claim endpoints' input contract: 400 problem+json with errors[]
 * naming the field and rule (413/415 for the body itself), and nothing stored.
 */
describe('claims input validation (e2e)', () => {
  let api: ApiHarness;
  let client: ReturnType<typeof claimClient>;
  let key: string;
  let claimId: string;
  let versionBefore: number;

  const valid = { text: 'A claim', claimant: 'an official' };
  const article = {
    url: 'https://news.sky.com/x',
    title: 'T',
    publisher: 'Sky News',
    publishedAt: '2024-09-26T06:00:00Z',
  };
  const evidence = { publisher: 'Reuters', url: 'https://reuters.com/a', excerpt: 'text', stance: 'supports' };
  const long = (n: number) => 'x'.repeat(n);

  beforeAll(async () => {
    api = await startApi({ BODY_LIMIT_BYTES: '8192' });
    key = await createKey(api, 'editor');
    client = claimClient(api, key);
    const res = await client.report();
    claimId = res.json().id;
    versionBefore = res.json().version;
  });
  afterAll(() => api.close());

  afterEach(async () => {
    // Nothing stored: no new claims, no new events, no publisher registered by a refused request.
    const claims = (await client.call('GET', '/claims?limit=100')).json().items;
    expect(claims).toHaveLength(1);
    expect((await client.get(claimId)).json().version).toBe(versionBefore);
    expect((await client.call('GET', '/publishers')).json().items).toEqual([]);
  });

  const expectInvalid = (
    res: { statusCode: number; headers: Record<string, unknown>; json(): { errors: unknown[] } },
    field: string,
    rule: string,
  ) => {
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors).toContainEqual(expect.objectContaining({ field, rule }));
  };

  describe('POST /claims', () => {
    it.each([
      ['unknown field', { ...valid, extra: 1 }, 'extra', 'unrecognized_key'],
      ['missing text', { claimant: 'x' }, 'text', 'invalid_type'],
      ['empty text', { ...valid, text: '   ' }, 'text', 'too_small'],
      ['text too long', { ...valid, text: long(2001) }, 'text', 'too_big'],
      ['missing claimant', { text: 'x' }, 'claimant', 'invalid_type'],
      ['claimant too long', { ...valid, claimant: long(301) }, 'claimant', 'too_big'],
      ['text of the wrong type', { ...valid, text: 42 }, 'text', 'invalid_type'],
      [
        'article url not a URL',
        { ...valid, article: { ...article, url: 'not a url' } },
        'article.url',
        'invalid_format',
      ],
      [
        'article url not http(s)',
        { ...valid, article: { ...article, url: 'ftp://news.sky.com/x' } },
        'article.url',
        'invalid_format',
      ],
      [
        'article publishedAt not a date-time',
        { ...valid, article: { ...article, publishedAt: 'yesterday' } },
        'article.publishedAt',
        'invalid_format',
      ],
      [
        'article missing title',
        { ...valid, article: { ...article, title: undefined } },
        'article.title',
        'invalid_type',
      ],
      ['article unknown field', { ...valid, article: { ...article, body: 'x' } }, 'article.body', 'unrecognized_key'],
      [
        'article publisher too long',
        { ...valid, article: { ...article, publisher: long(201) } },
        'article.publisher',
        'too_big',
      ],
      ['citedUrls not an array', { ...valid, citedUrls: 'https://a.example' }, 'citedUrls', 'invalid_type'],
      [
        'citedUrls with a bad URL',
        { ...valid, citedUrls: ['https://a.example/ok', 'javascript:alert(1)'] },
        'citedUrls[1]',
        'invalid_format',
      ],
      [
        'too many citedUrls',
        { ...valid, citedUrls: Array.from({ length: 51 }, (_, i) => `https://a.example/${i}`) },
        'citedUrls',
        'too_big',
      ],
      ['language not a code', { ...valid, language: 'English' }, 'language', 'invalid_format'],
    ])('rejects %s', async (_, body, field, rule) =>
      expectInvalid(await client.call('POST', '/claims', body), field, rule),
    );

    it('names every bad field at once', async () => {
      const res = await client.call('POST', '/claims', { text: '', claimant: '', extra: true });
      expect(
        res
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['claimant', 'extra', 'text']);
    });

    it('rejects a body that is not JSON (400), not JSON at all (415), or too large (413)', async () => {
      const malformed = await api.app.inject({
        method: 'POST',
        url: '/claims',
        headers: { ...authHeader(key), 'content-type': 'application/json' },
        payload: '{"text":',
      });
      expect(malformed.statusCode).toBe(400);
      const plain = await api.app.inject({
        method: 'POST',
        url: '/claims',
        headers: { ...authHeader(key), 'content-type': 'application/xml' },
        payload: '<claim/>',
      });
      expect(plain.statusCode).toBe(415);
      const huge = await client.call('POST', '/claims', { ...valid, text: long(10_000) });
      expect(huge.statusCode).toBe(413);
      for (const res of [malformed, plain, huge])
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('rejects a malformed Idempotency-Key', async () => {
      expectInvalid(await client.report({}, { 'idempotency-key': long(256) }), 'Idempotency-Key', 'invalid_format');
    });
  });

  describe('POST /claims/:id/evidence', () => {
    it.each([
      ['unknown field', { ...evidence, verdict: 'true' }, 'verdict', 'unrecognized_key'],
      ['missing publisher', { ...evidence, publisher: undefined }, 'publisher', 'invalid_type'],
      ['bad url', { ...evidence, url: 'reuters.com/a' }, 'url', 'invalid_format'],
      ['empty excerpt', { ...evidence, excerpt: '' }, 'excerpt', 'too_small'],
      ['excerpt too long', { ...evidence, excerpt: long(5001) }, 'excerpt', 'too_big'],
      ['unknown stance', { ...evidence, stance: 'maybe' }, 'stance', 'invalid_value'],
      ['confidence above 1', { ...evidence, confidence: 1.5 }, 'confidence', 'too_big'],
      ['confidence below 0', { ...evidence, confidence: -0.1 }, 'confidence', 'too_small'],
      ['confidence as a string', { ...evidence, confidence: '0.5' }, 'confidence', 'invalid_type'],
      ['retrievedAt not a date-time', { ...evidence, retrievedAt: '2024-13-01' }, 'retrievedAt', 'invalid_format'],
      ['subjectResponse not a boolean', { ...evidence, subjectResponse: 'yes' }, 'subjectResponse', 'invalid_type'],
      ['empty repeats', { ...evidence, repeats: '' }, 'repeats', 'too_small'],
    ])('rejects %s', async (_, body, field, rule) =>
      expectInvalid(await client.call('POST', `/claims/${claimId}/evidence`, body), field, rule),
    );

    it('rejects a claim id that is not a UUID', async () => {
      expectInvalid(await client.call('POST', '/claims/not-a-uuid/evidence', evidence), 'id', 'invalid_format');
    });

    it('rejects a malformed If-Match', async () => {
      expectInvalid(
        await client.evidence(claimId, evidence, { 'if-match': 'version-3' }),
        'If-Match',
        'invalid_format',
      );
    });
  });

  describe('POST /claims/:id/verdict', () => {
    it.each([
      ['the reported status', { status: 'reported', reason: 'x' }, 'status', 'invalid_value'],
      ['neither status nor withdraw', { reason: 'x' }, 'status', 'custom'],
      ['both status and withdraw', { status: 'denied', withdraw: true, reason: 'x' }, 'status', 'custom'],
      ['withdraw: false', { withdraw: false, reason: 'x' }, 'withdraw', 'invalid_value'],
      ['a missing reason', { status: 'denied' }, 'reason', 'invalid_type'],
      ['a blank reason', { status: 'denied', reason: ' ' }, 'reason', 'too_small'],
      ['an unknown field', { status: 'denied', reason: 'x', by: 'me' }, 'by', 'unrecognized_key'],
    ])('rejects %s', async (_, body, field, rule) => expectInvalid(await client.verdict(claimId, body), field, rule));
  });

  describe('POST /claims/:id/corroborate and /duplicate-of', () => {
    it('rejects bad source names and unknown fields', async () => {
      expectInvalid(
        await client.call('POST', `/claims/${claimId}/corroborate`, { sources: ['Archive!'] }),
        'sources[0]',
        'invalid_format',
      );
      expectInvalid(
        await client.call('POST', `/claims/${claimId}/corroborate`, { sources: [] }),
        'sources',
        'too_small',
      );
      expectInvalid(
        await client.call('POST', `/claims/${claimId}/corroborate`, { now: true }),
        'now',
        'unrecognized_key',
      );
    });

    it('rejects a duplicateOf that is not a UUID, and a missing reason', async () => {
      expectInvalid(
        await client.call('POST', `/claims/${claimId}/duplicate-of`, { duplicateOf: 'abc', reason: 'x' }),
        'duplicateOf',
        'invalid_format',
      );
      expectInvalid(
        await client.call('POST', `/claims/${claimId}/duplicate-of`, { duplicateOf: claimId }),
        'reason',
        'invalid_type',
      );
    });
  });

  describe('GET /claims', () => {
    it.each([
      ['limit 0', 'limit=0', 'limit', 'too_small'],
      ['limit 101', 'limit=101', 'limit', 'too_big'],
      ['a non-numeric limit', 'limit=ten', 'limit', 'invalid_type'],
      ['an unknown status', 'status=true', 'status', 'invalid_value'],
      ['a malformed since', 'since=monday', 'since', 'invalid_format'],
      ['an unknown parameter', 'sort=asc', 'sort', 'unrecognized_key'],
    ])('rejects %s', async (_, query, field, rule) =>
      expectInvalid(await client.call('GET', `/claims?${query}`), field, rule),
    );

    it('rejects a malformed asOf and minPosition', async () => {
      const auditor = claimClient(api, await createKey(api, 'auditor'));
      expectInvalid(await auditor.call('GET', `/claims/${claimId}/status?asOf=now`), 'asOf', 'invalid_format');
      expectInvalid(await client.call('GET', `/claims/${claimId}?minPosition=-1`), 'minPosition', 'too_small');
    });
  });
});
