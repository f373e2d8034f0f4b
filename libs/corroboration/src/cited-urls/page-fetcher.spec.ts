import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Forbidden, LimitExceeded, NotFound, Unavailable } from '@claimtrail/errors';
import { addressCheck, refusalReason } from './address-guard';
import { PageFetcher, PageFetcherOptions } from './page-fetcher';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function listen(host: string, handler: Handler): Promise<{ server: Server; origin: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, origin: `http://${host}:${(server.address() as AddressInfo).port}`, hits };
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/** The test server's own address passes; every other address meets the real guard. */
const onlyTestServer = (address: string) => (address === '127.0.0.1' ? null : refusalReason(address));

const options = (overrides: Partial<PageFetcherOptions> = {}): PageFetcherOptions => ({
  timeoutMs: 2000,
  connectTimeoutMs: 1000,
  maxBytes: 64 * 1024,
  maxRedirects: 3,
  checkAddress: onlyTestServer,
  ...overrides,
});

describe('PageFetcher', () => {
  let site: Awaited<ReturnType<typeof listen>>;
  let elsewhere: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    site = await listen('127.0.0.1', (req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const hop = /^\/hop\/(\d+)$/.exec(url.pathname);
      if (url.pathname === '/article') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<html><head><title>Drones</title></head><body><p>Kyiv’s backers are concerned.</p></body></html>');
      } else if (url.pathname === '/plain') {
        res.writeHead(200, { 'content-type': 'text/plain; charset=iso-8859-1' });
        res.end(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
      } else if (hop) {
        const n = Number(hop[1]);
        res.writeHead(302, { location: n === 0 ? '/article' : `/hop/${n - 1}` }).end();
      } else if (url.pathname === '/to') {
        res.writeHead(307, { location: url.searchParams.get('target') ?? '/' }).end();
      } else if (url.pathname === '/huge') {
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = '<p>' + 'x'.repeat(8 * 1024) + '</p>';
        let sent = 0;
        const pump = () => {
          while (sent < 200 && res.write(chunk)) sent++;
          if (sent >= 200) res.end();
          else res.once('drain', pump);
        };
        res.on('close', () => (sent = 200));
        pump();
      } else if (url.pathname === '/declared-huge') {
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(10 * 1024 * 1024) });
        res.write('<p>start</p>');
      } else if (url.pathname === '/pdf') {
        res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.7');
      } else if (url.pathname === '/slow') {
        const timer = setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>late</p>'), 5000);
        res.on('close', () => clearTimeout(timer));
      } else if (url.pathname === '/broken') {
        res.writeHead(503).end();
      } else {
        res.writeHead(404, { 'content-type': 'text/html' }).end('<p>not here</p>');
      }
    });
    elsewhere = await listen('127.0.0.2', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<p>internal admin page</p>');
    });
  });

  afterAll(async () => {
    await close(site.server);
    await close(elsewhere.server);
  });

  it('fetches an HTML page and decodes it by its charset', async () => {
    const page = await new PageFetcher(options()).fetch(`${site.origin}/article`);
    expect(page).toEqual({
      url: `${site.origin}/article`,
      contentType: 'text/html; charset=utf-8',
      body: expect.stringContaining('Kyiv’s backers are concerned.'),
    });
    const plain = await new PageFetcher(options()).fetch(`${site.origin}/plain`);
    expect(plain.body).toBe('café');
  });

  it('reports a missing page as NotFound and a failing server as Unavailable', async () => {
    await expect(new PageFetcher(options()).fetch(`${site.origin}/gone`)).rejects.toBeInstanceOf(NotFound);
    await expect(new PageFetcher(options()).fetch(`${site.origin}/broken`)).rejects.toBeInstanceOf(Unavailable);
  });

  it('abandons a body larger than the maximum while it streams', async () => {
    const fetcher = new PageFetcher(options());
    const error = await fetcher.fetch(`${site.origin}/huge`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimitExceeded);
    expect(error).toMatchObject({ limit: 'bytes' });
  });

  it('refuses a body whose declared length is over the maximum without reading it', async () => {
    await expect(new PageFetcher(options()).fetch(`${site.origin}/declared-huge`)).rejects.toMatchObject({
      limit: 'bytes',
    });
  });

  it('refuses content that is not a text page', async () => {
    await expect(new PageFetcher(options()).fetch(`${site.origin}/pdf`)).rejects.toThrow(
      /application\/pdf, not a text page/,
    );
  });

  it('follows redirects up to the limit and no further', async () => {
    const fetcher = new PageFetcher(options({ maxRedirects: 3 }));
    await expect(fetcher.fetch(`${site.origin}/hop/2`)).resolves.toMatchObject({ url: `${site.origin}/article` });
    const error = await fetcher.fetch(`${site.origin}/hop/3`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimitExceeded);
    expect(error).toMatchObject({ limit: 'redirects' });
  });

  it.each([
    ['another loopback address', () => `${elsewhere.origin}/admin`],
    ['IPv6 loopback', () => 'http://[::1]:9/'],
    ['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data/'],
    ['a mapped loopback address', () => 'http://[::ffff:127.0.0.2]/'],
  ])('refuses a redirect to %s, before connecting', async (_what, target) => {
    const error = await new PageFetcher(options())
      .fetch(`${site.origin}/to?target=${encodeURIComponent(target())}`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Forbidden);
    expect(String(error)).toMatch(/Refusing to fetch/);
    expect(elsewhere.hits).toEqual([]);
  });

  it('refuses loopback URLs outright with the deployment guard', async () => {
    const fetcher = new PageFetcher(options({ checkAddress: addressCheck(false) }));
    await expect(fetcher.fetch(`${site.origin}/article`)).rejects.toThrow(/127\.0\.0\.1 is a loopback address/);
    await expect(fetcher.fetch(`http://localhost:${new URL(site.origin).port}/article`)).rejects.toBeInstanceOf(
      Forbidden,
    );
  });

  it('refuses schemes other than http and https', async () => {
    await expect(new PageFetcher(options()).fetch('file:///etc/passwd')).rejects.toThrow(/file: URLs/);
  });

  it('connects to the address it checked, not to a second DNS answer (rebinding)', async () => {
    const answers = ['127.0.0.1', '10.0.0.1'];
    const calls: string[] = [];
    const lookup = ((
      host: string,
      _o: unknown,
      callback: (e: Error | null, a: { address: string; family: number }[]) => void,
    ) => {
      calls.push(host);
      callback(null, [{ address: answers[Math.min(calls.length - 1, 1)], family: 4 }]);
    }) as PageFetcherOptions['lookup'];
    const port = new URL(site.origin).port;
    const page = await new PageFetcher(options({ lookup })).fetch(`http://news.test:${port}/article`);
    expect(page.body).toContain('concerned');
    expect(calls).toEqual(['news.test']);
  });

  it('gives up on a slow server after the timeout', async () => {
    const error = await new PageFetcher(options({ timeoutMs: 300 }))
      .fetch(`${site.origin}/slow`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Unavailable);
    expect(String(error)).toMatch(/longer than 300 ms/);
  });
});
