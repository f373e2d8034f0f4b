import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Unavailable } from '@claimtrail/errors';
import { StanceModel } from '@claimtrail/stance';
import { ClaimToCorroborate } from '../source-adapter';
import { addressCheck } from './address-guard';
import { CitedUrlsAdapter } from './cited-urls.adapter';
import { PageFetcher } from './page-fetcher';

const REUTERS_PAGE = `<!doctype html><html><head><title>Exclusive: Russia has secret war drones project in China</title></head><body>
<nav><a href="/">Home</a><a href="/world">World</a></nav>
<article><h1>Russia has secret war drones project in China, intel sources say</h1>
<p>Russia has set up a weapons programme in China to develop and produce long-range attack drones for use in the war in Ukraine, according to two sources from a European intelligence agency and documents reviewed by the news agency.</p>
<p>The documents confirmed that Chinese companies are supplying military attack drones to Russia for the war in Ukraine.</p>
<p>Kupol was placed under US sanctions in December 2023.</p></article>
<footer>All quotes delayed a minimum of 15 minutes.</footer></body></html>`;

let origin: string;
const model = StanceModel.load();

const claim = (citedUrls: string[]): ClaimToCorroborate => ({
  claimId: 'claim-1',
  text: 'Chinese companies are supplying military attack drones to Russia for the war in Ukraine',
  claimant: 'a western official',
  language: 'en',
  citedUrls,
  article: { url: `${origin}/own-article`, publisher: 'Sky News' },
});

describe('CitedUrlsAdapter', () => {
  let server: Server;
  const hits: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/reuters') res.writeHead(200, { 'content-type': 'text/html' }).end(REUTERS_PAGE);
      else if (req.url === '/moved') res.writeHead(301, { location: '/reuters' }).end();
      else if (req.url === '/down') res.writeHead(502).end();
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const adapter = (allowPrivateAddresses = true) =>
    new CitedUrlsAdapter(
      new PageFetcher({
        timeoutMs: 2000,
        connectTimeoutMs: 1000,
        maxBytes: 1 << 20,
        maxRedirects: 3,
        checkAddress: addressCheck(allowPrivateAddresses),
      }),
      model,
      { maxUrls: 5, maxPassagesPerPage: 3, now: () => new Date('2026-01-01T00:00:00Z') },
    );

  it('fetches a cited page and reads its main text with the stance model: one finding, quoting the claim’s sentences', async () => {
    const findings = await adapter().search(claim([`${origin}/reuters`]), new AbortController().signal);
    expect(findings).toEqual([
      {
        publisher: '127.0.0.1',
        url: `${origin}/reuters`,
        excerpt: expect.stringContaining(
          'The documents confirmed that Chinese companies are supplying military attack drones to Russia for the war in Ukraine.',
        ),
        stance: 'supports',
        confidence: expect.any(Number),
        reason: expect.stringMatching(new RegExp(`^${model.modelVersion}: agree 0\\.\\d\\d .*; cited by the claim$`)),
        retrievedAt: '2026-01-01T00:00:00.000Z',
        sourceRef: expect.stringMatching(new RegExp(`^url:${origin}/reuters#[0-9a-f]{16}$`)),
      },
    ]);
    expect(findings[0].confidence).toBeGreaterThan(0.5);
    expect(findings.map((f) => f.excerpt).join(' ')).not.toMatch(/quotes delayed/);
  });

  it('follows a redirect and says which URL the claim cited', async () => {
    const findings = await adapter().search(claim([`${origin}/moved`]), new AbortController().signal);
    expect(findings[0]).toMatchObject({
      url: `${origin}/reuters`,
      reason: expect.stringContaining(`cited by the claim as ${origin}/moved`),
    });
  });

  it('answers with the readable pages when others are missing or failing', async () => {
    const findings = await adapter().search(
      claim([`${origin}/gone`, `${origin}/down`, `${origin}/reuters`]),
      new AbortController().signal,
    );
    expect(findings.length).toBeGreaterThan(0);
    expect(new Set(findings.map((f) => f.url))).toEqual(new Set([`${origin}/reuters`]));
  });

  it('fails, to be retried, when no page could be read and one failed transiently', async () => {
    await expect(
      adapter().search(claim([`${origin}/gone`, `${origin}/down`]), new AbortController().signal),
    ).rejects.toBeInstanceOf(Unavailable);
  });

  it('answers with nothing for pages the guard refuses, without contacting them', async () => {
    hits.length = 0;
    const findings = await adapter(false).search(
      claim([`${origin}/reuters`, 'http://169.254.169.254/latest/meta-data/']),
      new AbortController().signal,
    );
    expect(findings).toEqual([]);
    expect(hits).toEqual([]);
  });

  it('never fetches the claim’s own article and fetches each URL once', async () => {
    hits.length = 0;
    const own = claim([]).article!.url;
    await adapter().search(claim([own, `${origin}/reuters`, `${origin}/reuters`]), new AbortController().signal);
    expect(hits).toEqual(['/reuters']);
  });
});
