import { extractClaims } from '@claimtrail/claim-extraction';
import { AppConfig } from '@claimtrail/config';
import { ArticleRepository } from '@claimtrail/corroboration';
import { loadSeeds } from '../apps/cli/src/load-seeds';
import { seedArticle } from '../apps/cli/src/seed-article';
import { ApiHarness, startApi } from './support/api-harness';
import { authHeader, createKey } from './support/api-keys';
import { claimClient } from './support/claim-client';

interface ArticleClaimBody {
  id: string;
  statement: string;
  claimant: string;
  attributionVerb: string;
  attribution: { verb: string; kind: string; quote: string; checkable: boolean; negated: boolean };
  status: string;
  position: number;
}

describe('POST /articles (e2e)', () => {
  let api: ApiHarness;
  let reporter: ReturnType<typeof claimClient>;
  let otherReporter: ReturnType<typeof claimClient>;
  let auditor: ReturnType<typeof claimClient>;
  const seed = seedArticle();

  const post = (client: ReturnType<typeof claimClient>, body: object, headers?: Record<string, string>) =>
    client.call('POST', '/articles', body, headers);
  const stored = (url: string) => api.app.get(ArticleRepository).findByUrl(url);
  const allClaims = async () =>
    (await reporter.call('GET', '/claims?limit=100')).json().items as { id: string; text: string; claimant: string }[];
  const reportedEvents = async (id: string) =>
    ((await auditor.events(id)).json().items as { type: string }[]).filter((e) => e.type === 'ClaimReported');

  beforeAll(async () => {
    api = await startApi();
    // The publishers registry (Sky News is the seed story's publisher), as `npm run seed` loads it.
    await loadSeeds(api.database.db, api.app.get(AppConfig));
    reporter = claimClient(api, await createKey(api, 'reporter'));
    otherReporter = claimClient(api, await createKey(api, 'editor'));
    auditor = claimClient(api, await createKey(api, 'auditor'));
  });
  afterAll(() => api.close());

  it('adds an article to the archive without extraction, once per URL, with an unknown publisher added unrated', async () => {
    const body = {
      title: 'Drone exports',
      publisher: 'The Harbour Gazette',
      url: 'https://harbourgazette.example/drones',
      publishedAt: '2024-09-27T08:00:00Z',
      body: 'Officials said on Friday that drone exports were under review.',
    };
    const first = await post(reporter, body);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({
      article: { id: expect.any(String), url: body.url, created: true },
      claims: [],
      extraction: null,
      position: 0,
    });
    expect(await stored(body.url)).toMatchObject({
      id: first.json().article.id,
      title: body.title,
      publisher: 'the-harbour-gazette',
      body: body.body,
      language: 'en',
    });
    const publisher = await reporter.call('GET', '/publishers/the-harbour-gazette');
    expect(publisher.json()).toMatchObject({
      name: 'The Harbour Gazette',
      domain: 'harbourgazette.example',
      ownerGroup: 'the-harbour-gazette',
      reliability: null,
    });

    const again = await post(otherReporter, { ...body, title: 'A new title' });
    expect(again.statusCode).toBe(200);
    expect(again.json().article).toEqual({ id: first.json().article.id, url: body.url, created: false });
    expect((await stored(body.url))?.title).toBe(body.title);
    expect(await allClaims()).toEqual([]);
  });

  it('reports the seed story’s attributed claims with claimant and article, and a re-post (other key, Idempotency-Key) reports none twice', async () => {
    const expected = extractClaims(seed.body, { publisher: 'Sky News', title: seed.title });
    const res = await post(reporter, seed);
    expect(res.statusCode).toBe(201);
    const { article, claims, position } = res.json() as {
      article: { id: string; created: boolean };
      claims: ArticleClaimBody[];
      position: number;
    };
    expect(article.created).toBe(true);
    expect(claims.map((c) => [c.statement, c.claimant, c.attributionVerb])).toEqual(
      expected.map((c) => [c.statement, c.claimant, c.attributionVerb]),
    );
    // Opinions, vows and predictions are recorded as not checkable: unverified at once.
    expect(claims.every((c) => c.status === (c.attribution.checkable ? 'reported' : 'unverified'))).toBe(true);
    expect(claims.map((c) => c.attribution)).toEqual(expected.map((c) => c.attribution));
    expect(position).toBe(Math.max(...claims.map((c) => c.position)));
    expect(claims).toContainEqual(expect.objectContaining({ claimant: 'a western official', attributionVerb: 'told' }));
    // The headline's claim comes first, from the title the article was posted with.
    expect(claims[0]).toMatchObject({
      statement: "'Clear evidence' Chinese companies are supplying attack drones to Russia",
      attributionVerb: 'tells',
    });

    const official = claims.find((c) => c.claimant === 'a western official')!;
    const view = (await reporter.get(official.id)).json();
    expect(view).toMatchObject({
      text: official.statement,
      claimant: 'a western official',
      article: { url: seed.url, title: seed.title, publisher: 'sky-news', publishedAt: seed.publishedAt },
      language: 'en',
      attribution: official.attribution,
    });
    const firstReports = await allClaims();
    expect(firstReports).toHaveLength(claims.length);

    const again = await post(otherReporter, seed, { 'idempotency-key': 'seed-story-retry' });
    expect(again.statusCode).toBe(200);
    expect(again.json().article).toEqual({ id: article.id, url: seed.url, created: false });
    expect(again.json().claims.map((c: ArticleClaimBody) => c.id)).toEqual(claims.map((c) => c.id));
    expect(again.json().claims.map((c: ArticleClaimBody) => c.position)).toEqual(claims.map((c) => c.position));
    const retried = await post(otherReporter, seed, { 'idempotency-key': 'seed-story-retry' });
    expect(retried.json().claims.map((c: ArticleClaimBody) => c.id)).toEqual(claims.map((c) => c.id));

    expect((await allClaims()).map((c) => c.id).sort()).toEqual(firstReports.map((c) => c.id).sort());
    expect(await reportedEvents(official.id)).toHaveLength(1);
  });

  it('reports each claim once when the same article is posted concurrently by two keys', async () => {
    const story = { ...seed, url: 'https://harbourgazette.example/concurrent' };
    const [a, b] = await Promise.all([post(reporter, story), post(otherReporter, story)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    const ids = a.json().claims.map((c: ArticleClaimBody) => c.id);
    expect(b.json().claims.map((c: ArticleClaimBody) => c.id)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(await reportedEvents(id)).toHaveLength(1);
  });

  it('extracts from the stored article when a URL ingested without extraction is posted again with it', async () => {
    const url = 'https://harbourgazette.example/embassy';
    const original = 'The embassy said it was not aware of the shipments.';
    // A question as headline asserts nothing: the stored title, not the re-posted one, is what is read.
    const title = 'Will the shipments stop?';
    expect((await post(reporter, { ...seed, url, title, body: original, extractClaims: false })).statusCode).toBe(201);

    const res = await post(reporter, {
      ...seed,
      url,
      body: 'Nato said the shipments were confirmed.',
      extractClaims: true,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().claims).toEqual([
      expect.objectContaining({
        statement: 'It was not aware of the shipments',
        claimant: 'the embassy',
        attributionVerb: 'not aware',
        status: 'reported',
      }),
    ]);
  });

  it('refuses invalid bodies with 400 and errors[] naming each field, storing nothing', async () => {
    const url = 'https://harbourgazette.example/invalid';
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...seed, url, surprise: 1 }, 'surprise', 'unrecognized_key'],
      [{ ...seed, url: 'ftp://harbourgazette.example/x' }, 'url', 'invalid_format'],
      [{ ...seed, url: 'not a url' }, 'url', 'invalid_format'],
      [{ ...seed, url, publishedAt: '26 September 2024' }, 'publishedAt', 'invalid_format'],
      [{ ...seed, url, body: '   ' }, 'body', 'too_small'],
      [{ ...seed, url, body: 'x'.repeat(200_001) }, 'body', 'too_big'],
      [{ ...seed, url, title: undefined }, 'title', 'invalid_type'],
      [{ ...seed, url, extractClaims: 'yes' }, 'extractClaims', 'invalid_type'],
      [{ ...seed, url, language: 'English' }, 'language', 'invalid_format'],
    ];
    for (const [body, field, rule] of cases) {
      const res = await post(reporter, body);
      expect({ body: Object.keys(body), status: res.statusCode, type: res.headers['content-type'] }).toMatchObject({
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
      expect(res.json().errors).toContainEqual(expect.objectContaining({ field, rule }));
    }
    expect(await stored(url)).toBeUndefined();
  });

  it('lets reporters and above ingest, refuses auditors (403) and callers without a key (401)', async () => {
    const body = { ...seed, url: 'https://harbourgazette.example/roles', extractClaims: false };
    expect((await post(auditor, body)).statusCode).toBe(403);
    expect((await api.app.inject({ method: 'POST', url: '/articles', payload: body })).statusCode).toBe(401);
    expect(await stored(body.url)).toBeUndefined();
    expect((await post(otherReporter, body)).statusCode).toBe(201);
    const admin = await createKey(api, 'admin');
    const res = await api.app.inject({ method: 'POST', url: '/articles', payload: body, headers: authHeader(admin) });
    expect(res.statusCode).toBe(200);
  });

  it('describes the operation in the OpenAPI document', async () => {
    const doc = (await api.app.inject({ method: 'GET', url: '/docs-json' })).json();
    const operation = doc.paths['/articles'].post;
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '201', '400', '401', '403']));
    const schema = operation.requestBody.content['application/json'].schema;
    const resolved = schema.$ref ? doc.components.schemas[schema.$ref.split('/').pop()] : schema;
    expect(resolved.required).toEqual(expect.arrayContaining(['title', 'publisher', 'url', 'publishedAt', 'body']));
    expect(resolved.additionalProperties).toBe(false);
  });
});
