import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Forbidden, Unavailable } from '@claimtrail/errors';
import { ClaimToCorroborate } from '../source-adapter';
import { ClaimReviewAdapter, ClaimReviewAdapterOptions } from './claim-review.adapter';

const CLAIM_TEXT = 'Chinese companies are supplying military attack drones to Russia for the war in Ukraine';

const claim: ClaimToCorroborate = {
  claimId: 'claim-1',
  text: CLAIM_TEXT,
  claimant: 'a western official',
  language: 'en',
  citedUrls: [],
};

const review = (url: string, textualRating: string, publisher = { name: 'Full Fact', site: 'fullfact.org' }) => ({
  publisher,
  url,
  title: `Fact check: ${textualRating}`,
  reviewDate: '2024-09-27T00:00:00Z',
  textualRating,
  languageCode: 'en',
});

/** Answers like the Fact Check Tools API would; `scenario` picks the answer. */
function factCheckApi(requests: URL[]) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    requests.push(url);
    const scenario = url.searchParams.get('key');
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname !== '/v1alpha1/claims:search') return json(404, { error: { code: 404, message: 'Not found' } });
    switch (scenario) {
      case 'results':
        return json(200, {
          claims: [
            {
              text: 'Chinese companies are supplying attack drones to Russia for the war in Ukraine',
              claimant: 'Western official',
              claimDate: '2024-09-26T00:00:00Z',
              claimReview: [
                review('https://fullfact.org/drones', 'Mostly true'),
                review('https://factcheck.example/drones', 'Pants on Fire', {
                  name: 'Example Check',
                  site: 'factcheck.example',
                }),
                review('https://nodesk.example/drones', 'Unproven', { site: 'nodesk.example' } as never),
              ],
            },
            {
              text: 'Hurricane Helene will hit Florida as a category 6 storm',
              claimReview: [review('https://fullfact.org/helene', 'False')],
            },
          ],
        });
      case 'empty':
        return json(200, {});
      case 'paged': {
        const page = Number(url.searchParams.get('pageToken') ?? '0');
        return json(200, {
          claims: [{ text: CLAIM_TEXT, claimReview: [review(`https://fullfact.org/page-${page}`, 'False')] }],
          nextPageToken: String(page + 1),
        });
      }
      case 'bad-key':
        return json(403, {
          error: { code: 403, message: 'API key not valid. Please pass a valid API key.', status: 'PERMISSION_DENIED' },
        });
      case 'overloaded':
        return json(503, {
          error: { code: 503, message: 'The service is currently unavailable.', status: 'UNAVAILABLE' },
        });
      case 'slow': {
        const timer = setTimeout(() => json(200, {}), 5000);
        return res.on('close', () => clearTimeout(timer));
      }
      case 'malformed':
        return res.writeHead(200, { 'content-type': 'application/json' }).end('{"claims": [{"text": ');
      default:
        return json(400, { error: { code: 400, message: 'unknown scenario' } });
    }
  };
}

describe('ClaimReviewAdapter against a local Fact Check Tools stand-in', () => {
  let server: Server;
  let baseUrl: string;
  const requests: URL[] = [];

  beforeAll(async () => {
    server = createServer(factCheckApi(requests));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    requests.length = 0;
  });

  const adapter = (apiKey: string, overrides: Partial<ClaimReviewAdapterOptions> = {}) =>
    new ClaimReviewAdapter({
      apiKey,
      baseUrl,
      pageSize: 10,
      maxPages: 3,
      requestTimeoutMs: 1000,
      minRelevance: 0.4,
      now: () => new Date('2026-01-01T00:00:00Z'),
      ...overrides,
    });
  const search = (apiKey: string, overrides: Partial<ClaimReviewAdapterOptions> = {}) =>
    adapter(apiKey, overrides).search(claim, new AbortController().signal);

  it('asks with the claim text, its language, the page size and the key', async () => {
    await search('results');
    expect(Object.fromEntries(requests[0].searchParams)).toEqual({
      query: CLAIM_TEXT,
      languageCode: 'en',
      pageSize: '10',
      key: 'results',
    });
  });

  it('turns each review of a similar claim into a finding with the rating’s stance', async () => {
    const findings = await search('results');
    expect(findings).toEqual([
      {
        publisher: 'Full Fact',
        url: 'https://fullfact.org/drones',
        excerpt:
          '“Chinese companies are supplying attack drones to Russia for the war in Ukraine” — Fact check: Mostly true',
        stance: 'supports',
        confidence: expect.any(Number),
        reason: 'rating "Mostly true" (mostly-true); fact-checked claim relevance 0.89',
        retrievedAt: '2026-01-01T00:00:00.000Z',
        sourceRef: 'claimreview:https://fullfact.org/drones',
      },
      expect.objectContaining({
        publisher: 'Example Check',
        stance: 'refutes',
        reason: expect.stringMatching(/^rating "Pants on Fire" \(false\)/),
      }),
      expect.objectContaining({ publisher: 'nodesk.example', stance: 'neutral' }),
    ]);
    expect(findings[0].confidence).toBeLessThan(0.7);
    expect(findings[1].confidence).toBeGreaterThan(findings[0].confidence);
  });

  it('answers nothing for an empty result ({})', async () => {
    await expect(search('empty')).resolves.toEqual([]);
  });

  it('follows nextPageToken up to the page limit', async () => {
    const findings = await search('paged', { maxPages: 3 });
    expect(findings.map((f) => f.url)).toEqual([
      'https://fullfact.org/page-0',
      'https://fullfact.org/page-1',
      'https://fullfact.org/page-2',
    ]);
    expect(requests.map((r) => r.searchParams.get('pageToken'))).toEqual([null, '1', '2']);
  });

  it('reports a refused request (4xx) as not worth retrying, and does not leak the key', async () => {
    const error = await search('bad-key').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Forbidden);
    expect(String(error)).toMatch(/refused the request \(403\): .*API key not valid/);
    expect(JSON.stringify({ message: String(error), ...(error as Forbidden).extensions })).not.toContain('bad-key');
  });

  it('reports a failing service (5xx) as Unavailable, to be retried', async () => {
    await expect(search('overloaded')).rejects.toBeInstanceOf(Unavailable);
  });

  it('gives up on a slow answer after the request timeout', async () => {
    const error = await search('slow', { requestTimeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Unavailable);
    expect(String(error)).toMatch(/did not answer/);
  });

  it('reports malformed JSON as Unavailable', async () => {
    await expect(search('malformed')).rejects.toThrow('ClaimReview search answered malformed JSON');
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const pending = adapter('slow').search(claim, controller.signal);
    controller.abort(new Error('deadline'));
    await expect(pending).rejects.toThrow('deadline');
  });
});
