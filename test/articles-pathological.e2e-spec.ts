import type { LightMyRequestResponse } from 'fastify';
import { ClaimExtractor } from '../apps/api/src/articles/claim-extractor';
import { ApiHarness, startApi } from './support/api-harness';
import { authHeader, createKey } from './support/api-keys';

/**
 * No article can stall the API: extraction runs on worker threads under a time budget, so
 * `/health` keeps answering while pathological articles are extracted — asserted by health
 * responses that arrive while the extraction is running and before the article's response
 * (no wall-clock thresholds). An article over budget gets a problem and nothing is stored.
 */
describe('POST /articles with pathological bodies (e2e)', () => {
  const article = (url: string, body: string) => ({
    title: 'Pathological',
    publisher: 'The Harbour Gazette',
    url: `https://harbourgazette.example/${url}`,
    publishedAt: '2024-09-27T08:00:00Z',
    body,
    extractClaims: true,
  });

  async function storedArticles(api: ApiHarness, url: string): Promise<number> {
    const rows = await api.database.db.selectFrom('articles').select('id').where('url', '=', url).execute();
    return rows.length;
  }

  /**
   * Posts the article and, while it is being extracted, asks /health again and again.
   * Returns the article's response and the health statuses that came back while the
   * extraction was still running (hence before the article's response).
   */
  async function postWhileProbingHealth(api: ApiHarness, key: string, body: object) {
    const extractor = api.app.get(ClaimExtractor);
    let settled = false;
    const response = api.app
      .inject({ method: 'POST', url: '/articles', headers: authHeader(key), payload: body })
      .finally(() => (settled = true));
    const duringExtraction: number[] = [];
    while (!settled) {
      if (extractor.stats().busy === 0) {
        await new Promise((resolve) => setTimeout(resolve, 2));
        continue;
      }
      const health: LightMyRequestResponse = await api.app.inject({ method: 'GET', url: '/health' });
      if (!settled && extractor.stats().busy > 0) duringExtraction.push(health.statusCode);
      // An injected request may complete without leaving the microtask queue: yield, so timers and the threads' messages run.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { response: await response, duringExtraction };
  }

  describe('with the default budget and cap', () => {
    let api: ApiHarness;
    let reporter: string;
    let closed = false;

    beforeAll(async () => {
      api = await startApi();
      reporter = await createKey(api, 'reporter');
    });
    afterAll(() => (closed ? undefined : api.close()));

    it('boots without starting a thread', () => {
      expect(api.app.get(ClaimExtractor).stats()).toEqual({ threads: 0, busy: 0, queued: 0 });
    });

    it.each([
      ['a 199,000-letter run of one letter', 'letters', 'a'.repeat(199_000)],
      ['one 197,500-character sentence', 'sentence', `The minister said ${'that the plan would work '.repeat(7_900)}.`],
      ['a long line of "a, a, a, …" without a verb (the ReDoS shape)', 'redos-line', 'a, '.repeat(66_000)],
      ['12,000 quotations', 'quotes', '“Yes,” he said. '.repeat(12_000)],
    ])('keeps /health answering while it extracts %s', async (_name, slug, body) => {
      const posted = article(slug, body);
      const { response, duringExtraction } = await postWhileProbingHealth(api, reporter, posted);
      expect(duringExtraction.length).toBeGreaterThan(0);
      expect(duringExtraction.every((status) => status === 200)).toBe(true);
      // Within the budget the article is stored and its claims (at most EXTRACTION_MAX_CLAIMS) reported;
      // over it, a problem and nothing stored.
      if (response.statusCode === 201) {
        const { claims, extraction } = response.json();
        expect(claims.length).toBe(extraction.reported);
        expect(extraction.reported).toBeLessThanOrEqual(100);
      } else {
        expect(response.statusCode).toBe(413);
        expect(response.json()).toMatchObject({ limit: 'EXTRACTION_TIMEOUT_MS' });
        expect(await storedArticles(api, posted.url)).toBe(0);
      }
    });

    it('answers the 233-byte ReDoS article at once, with no claim', async () => {
      const res = await api.app.inject({
        method: 'POST',
        url: '/articles',
        headers: authHeader(reporter),
        payload: article('redos-233', 'a, '.repeat(78)),
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        claims: [],
        extraction: { found: 0, reported: 0, skipped: 0, maxClaims: 100 },
      });
    });

    it('reports the first 100 claims of an article with more, stores the article, and says how many it skipped', async () => {
      const body = Array.from({ length: 150 }, (_, i) => `“Depot ${i + 1} was hit,” the spokesman said.`).join('\n');
      const posted = article('many-claims', body);
      const res = await api.app.inject({
        method: 'POST',
        url: '/articles',
        headers: authHeader(reporter),
        payload: posted,
      });
      expect(res.statusCode).toBe(201);
      const { claims, extraction } = res.json();
      expect(extraction).toEqual({ found: 150, reported: 100, skipped: 50, maxClaims: 100 });
      expect(claims).toHaveLength(100);
      expect(claims[0].statement).toMatch(/^Depot 1 was hit/);
      expect(claims[99].statement).toMatch(/^Depot 100 was hit/);
      expect(await storedArticles(api, posted.url)).toBe(1);
      // A re-post answers the same claims and the same count: nothing more is reported.
      const again = await api.app.inject({
        method: 'POST',
        url: '/articles',
        headers: authHeader(reporter),
        payload: posted,
      });
      expect(again.statusCode).toBe(200);
      expect(again.json().extraction).toEqual(extraction);
      expect(again.json().claims.map((c: { id: string }) => c.id)).toEqual(claims.map((c: { id: string }) => c.id));
    });

    it('ends its threads when the app shuts down', async () => {
      const extractor = api.app.get(ClaimExtractor);
      expect(extractor.stats().threads).toBeGreaterThan(0);
      closed = true;
      await api.close();
      expect(extractor.stats()).toEqual({ threads: 0, busy: 0, queued: 0 });
    });
  });

  describe('over the time budget', () => {
    let api: ApiHarness;
    let reporter: string;

    // 1 ms: no extraction of a 199,000-character article fits, however fast the machine.
    beforeAll(async () => {
      api = await startApi({ EXTRACTION_TIMEOUT_MS: '1' });
      reporter = await createKey(api, 'reporter');
    });
    afterAll(() => api.close());

    it('stops the extraction, answers 413 naming the budget, stores nothing, and stays healthy', async () => {
      const posted = article('over-budget', `The minister said ${'that the plan would work '.repeat(7_900)}.`);
      const res = await api.app.inject({
        method: 'POST',
        url: '/articles',
        headers: authHeader(reporter),
        payload: posted,
      });
      expect(res.statusCode).toBe(413);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json()).toMatchObject({
        limit: 'EXTRACTION_TIMEOUT_MS',
        detail: expect.stringContaining('nothing was stored'),
      });
      expect(await storedArticles(api, posted.url)).toBe(0);
      expect(
        (await api.app.inject({ method: 'GET', url: '/claims', headers: authHeader(reporter) })).json().items,
      ).toEqual([]);
      expect((await api.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
      // Its thread was terminated, not left spinning.
      expect(api.app.get(ClaimExtractor).stats()).toMatchObject({ busy: 0 });
    });
  });
});
