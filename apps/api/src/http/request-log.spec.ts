import Fastify, { FastifyInstance } from 'fastify';
import pino from 'pino';
import { logContext } from '@claimtrail/observability';
import { logRequests } from './request-log';

type Line = { msg: string; requestId?: string; req?: { id: string; method: string; url: string }; res?: object };

describe('request log', () => {
  let app: FastifyInstance;
  let lines: Line[];

  beforeAll(async () => {
    lines = [];
    const logger = pino(
      {
        mixin: () => {
          const context = logContext.getStore();
          return context ? { requestId: context.requestId } : {};
        },
      },
      { write: (line: string) => lines.push(JSON.parse(line) as Line) },
    );
    let n = 0;
    app = Fastify({ genReqId: () => `req-${++n}` });
    logRequests(app, logger);
    const handler = async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      logger.info('inside the handler');
      return { ok: true };
    };
    app.get('/claims/:id', handler);
    app.post('/claims', handler);
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

  it("puts the request's id on the lines logged while serving it, after awaits and after reading a body", async () => {
    await Promise.all([
      app.inject({ method: 'GET', url: '/claims/a' }),
      app.inject({ method: 'POST', url: '/claims', payload: { text: 'a claim' } }),
    ]);
    const inside = lines.filter((l) => l.msg === 'inside the handler').map((l) => l.requestId);
    const served = lines.filter((l) => l.msg === 'request completed').map((l) => l.req?.id);
    expect(inside.sort()).toEqual(served.sort());
    expect(new Set(inside).size).toBe(2);
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
