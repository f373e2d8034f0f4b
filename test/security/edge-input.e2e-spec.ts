import { connect } from 'node:net';
import { sql } from 'kysely';
import type { AddressInfo } from 'node:net';
import { ApiHarness, startApi } from '../support/api-harness';
import { authHeader, createKey } from '../support/api-keys';

/**
 * Issue 13, finding 6 (and the URL half of 7): hostile input at the edge is a 4xx problem+json that
 * names the field and rule, never a 500, never a raw Fastify answer, and stores nothing.
 */
describe('hostile input at the edge (e2e)', () => {
  let api: ApiHarness;
  let key: string;
  let port: number;

  const claim = { text: 'Chinese companies are supplying attack drones to Russia', claimant: 'a western official' };
  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    api.app.inject({ method: 'POST', url, headers: { ...authHeader(key), ...headers }, payload: payload as string });
  const get = (url: string) => api.app.inject({ method: 'GET', url, headers: authHeader(key) });

  /** Sends raw bytes over a socket: HTTP parser errors never reach fastify's inject(). */
  const rawRequest = (text: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
      socket.write(text);
    });

  const expectProblem = (response: { statusCode: number; headers: Record<string, unknown> }, status: number) => {
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  };

  beforeAll(async () => {
    api = await startApi();
    key = await createKey(api, 'admin');
    await api.app.listen(0, '127.0.0.1');
    port = (api.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => api.close());

  // Rows in the table, not the audit feed: the feed shows an event once no older transaction anywhere on the
  // Postgres cluster is still open (the store's visibility horizon), so a claim stored by an earlier test could
  // appear in it during a later one.
  const eventCount = async () =>
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM events`.execute(api.database.db)).rows[0].n;
  let eventsBefore = 0;
  let stores = false;
  beforeEach(async () => {
    eventsBefore = await eventCount();
    stores = false;
  });
  afterEach(async () => {
    // Nothing stored by any refused request.
    if (!stores) expect(await eventCount()).toBe(eventsBefore);
  });

  describe('text Postgres cannot store', () => {
    it.each([
      ['NUL in claim text', { ...claim, text: 'drones\u0000' }, 'text', 'nul_character'],
      [
        'NUL in a nested field',
        {
          ...claim,
          article: {
            url: 'https://a.example/x',
            title: 'T\u0000',
            publisher: 'P',
            publishedAt: '2024-01-01T00:00:00Z',
          },
        },
        'article.title',
        'nul_character',
      ],
      ['NUL in an array item', { ...claim, citedUrls: ['https://a.example/\u0000'] }, 'citedUrls[0]', 'nul_character'],
      ['a lone high surrogate in claim text', { ...claim, text: 'drones \ud800 here' }, 'text', 'lone_surrogate'],
      ['a lone low surrogate in the claimant', { ...claim, claimant: '\udc00 official' }, 'claimant', 'lone_surrogate'],
      ['NUL in a key', { ...claim, 'ex\u0000tra': 1 }, 'ex\u0000tra', 'nul_character'],
    ])('%s → 400 naming the field', async (_name, body, field, rule) => {
      const response = await post('/claims', JSON.stringify(body), { 'content-type': 'application/json' });
      expectProblem(response, 400);
      expect(response.json().errors).toContainEqual(expect.objectContaining({ field, rule }));
    });

    it('accepts a well-formed surrogate pair (an emoji)', async () => {
      stores = true;
      const response = await post('/claims', { ...claim, text: 'Drones 🚁 were delivered' });
      expect(response.statusCode).toBe(201);
    });

    it.each([
      ['q', '/claims?q=drone%00s'],
      ['publisher', '/claims?publisher=sky%00'],
      ['stream', '/audit/events?stream=claim-%00'],
    ])('NUL in the query parameter %s → 400 naming it', async (field, url) => {
      const response = await get(url);
      expectProblem(response, 400);
      expect(response.json().errors).toContainEqual(expect.objectContaining({ field, rule: 'nul_character' }));
    });
  });

  describe('dates', () => {
    const cursorWith = (at: string) =>
      Buffer.from(JSON.stringify([at, '00000000-0000-4000-8000-000000000000'])).toString('base64url');

    it.each(['+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z', '0000-01-01T00:00:00.000Z'])(
      'a cursor holding %s → 400 invalid_cursor',
      async (at) => {
        const response = await get(`/claims?cursor=${cursorWith(at)}`);
        expectProblem(response, 400);
        expect(response.json().errors).toContainEqual(
          expect.objectContaining({ field: 'cursor', rule: 'invalid_cursor' }),
        );
      },
    );

    it.each([
      ['since', '/claims?since=2024-13-45T00:00:00Z'],
      ['since', '/audit/events?since=99999-01-01T00:00:00Z'],
      ['until', '/audit/events?until=2024-02-30T25:00:00Z'],
    ])('%s out of range → 400', async (field, url) => {
      const response = await get(url);
      expectProblem(response, 400);
      expect(response.json().errors).toContainEqual(expect.objectContaining({ field }));
    });
  });

  describe('bodies', () => {
    it('a form-encoded body on a JSON endpoint → 415', async () => {
      const response = await post('/claims', 'text=drones&claimant=someone', {
        'content-type': 'application/x-www-form-urlencoded',
      });
      expectProblem(response, 415);
    });

    it('a text/plain body on a JSON endpoint → 415', async () => {
      const response = await post('/claims', JSON.stringify(claim), { 'content-type': 'text/plain' });
      expectProblem(response, 415);
    });

    it('50k unknown keys → a bounded list: the first 20 errors and a count', async () => {
      const body: Record<string, unknown> = { ...claim };
      for (let i = 0; i < 50_000; i++) body[`k${i}`] = 1;
      const response = await post('/claims', body);
      expectProblem(response, 400);
      expect(response.json().errors).toHaveLength(20);
      expect(response.json().errorCount).toBe(50_000);
      expect(response.body.length).toBeLessThan(10_000);
    });
  });

  describe('URLs with credentials (finding 7)', () => {
    it.each([
      ['citedUrls[0]', '/claims', { ...claim, citedUrls: ['https://user:secret@example.com/page'] }],
      [
        'article.url',
        '/claims',
        {
          ...claim,
          article: { url: 'https://u@example.com/a', title: 'T', publisher: 'P', publishedAt: '2024-01-01T00:00:00Z' },
        },
      ],
      [
        'url',
        '/articles',
        {
          title: 'T',
          publisher: 'P',
          url: 'https://:pw@example.com/a',
          publishedAt: '2024-01-01T00:00:00Z',
          body: 'Text.',
        },
      ],
    ])('%s with user:password@ → 400 userinfo', async (field, url, body) => {
      const response = await post(url, body);
      expectProblem(response, 400);
      expect(response.json().errors).toContainEqual(expect.objectContaining({ field, rule: 'userinfo' }));
      expect(response.body).not.toContain('secret@');
    });
  });

  describe('errors raised below Nest are problem+json too', () => {
    it('a URL with broken percent-encoding → 400', async () => {
      const response = await get('/claims/%E0%A4%A');
      expectProblem(response, 400);
    });

    it('headers larger than the server accepts → 431', async () => {
      const answer = await rawRequest(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
      expect(answer).toMatch(/^HTTP\/1\.1 431 /);
      expect(answer).toMatch(/Content-Type: application\/problem\+json/i);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 431 });
    });

    it('Transfer-Encoding with Content-Length (request smuggling) → 400', async () => {
      const answer = await rawRequest(
        'POST /claims HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      );
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toMatch(/Content-Type: application\/problem\+json/i);
      expect(answer).not.toMatch(/HPE_|Parse Error/);
    });
  });
});
