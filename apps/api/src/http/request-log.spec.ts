import Fastify, { FastifyInstance } from 'fastify';
import pino from 'pino';
import { logRequests } from './request-log';

type Line = { msg: string; requestId?: string; req?: { id: string; method: string; url: string }; res?: object };

describe('request log', () => {
  let app: FastifyInstance;
  let lines: Line[];

  beforeAll(async () => {
    lines = [];
    const logger = pino({}, { write: (line: string) => lines.push(JSON.parse(line) as Line) });
    let n = 0;
    app = Fastify({ genReqId: () => `req-${++n}` });
    logRequests(app, logger);
    app.get('/claims/:id', () => ({ ok: true }));
    app.get('/health', () => ({ status: 'ok' }));
    app.get('/health/ready', () => ({ status: 'ok' }));
    app.get('/metrics', async (_request, reply) => reply.code(503).send('down'));
    await app.ready();
  });
  afterAll(() => app.close());
  beforeEach(() => (lines.length = 0));

  it('writes one line per request: id, method, URL, status and time, never a header', async () => {
    await app.inject({ method: 'GET', url: '/claims/1?minPosition=2', headers: { authorization: 'Bearer ct_secret' } });
    const completed = lines.filter((l) => l.msg === 'request completed');
    expect(completed).toEqual([
      expect.objectContaining({
        requestId: 'req-1',
        req: { id: 'req-1', method: 'GET', url: '/claims/1?minPosition=2' },
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      }),
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/headers|ct_secret/);
  });

  it('leaves out successful probes and scrapes, not readiness nor a failing scrape', async () => {
    await app.inject({ method: 'GET', url: '/health' });
    await app.inject({ method: 'GET', url: '/health?verbose=1' });
    await app.inject({ method: 'GET', url: '/health/ready' });
    await app.inject({ method: 'GET', url: '/metrics' });
    expect(lines.map((l) => [l.req?.url, l.msg])).toEqual([
      ['/health/ready', 'request completed'],
      ['/metrics', 'request errored'],
    ]);
  });
});
