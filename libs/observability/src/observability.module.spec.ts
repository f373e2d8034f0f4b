import pino from 'pino';
import type { IncomingMessage } from 'node:http';
import { isUnloggedRequest, REDACTED_LOG_PATHS } from './observability.module';

describe('log redaction', () => {
  it('redacts every credential header of a request (issue 13, finding 7: Proxy-Authorization was logged verbatim)', () => {
    const lines: string[] = [];
    const logger = pino(
      { redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' } },
      { write: (line: string) => lines.push(line) },
    );
    const headers = {
      authorization: 'Bearer ct_secret_1',
      'proxy-authorization': 'Basic c2VjcmV0OnNlY3JldA==',
      cookie: 'session=secret_3',
      'x-api-key': 'secret_4',
      accept: 'application/json',
    };

    logger.info({ req: { headers } }, 'request');

    const logged = JSON.parse(lines[0]) as { req: { headers: Record<string, string> } };
    expect(logged.req.headers).toEqual({
      authorization: '[redacted]',
      'proxy-authorization': '[redacted]',
      cookie: '[redacted]',
      'x-api-key': '[redacted]',
      accept: 'application/json',
    });
    expect(lines[0]).not.toMatch(/secret|c2VjcmV0/);
  });
});

describe('request lines not logged', () => {
  const request = (url: string, originalUrl?: string) =>
    ({ url, originalUrl }) as IncomingMessage & { originalUrl?: string };

  it('skips probes and scrapes by the path the client asked for (middie strips the mount path from url)', () => {
    expect(isUnloggedRequest(request('/', '/health'))).toBe(true);
    expect(isUnloggedRequest(request('/metrics'))).toBe(true);
    expect(isUnloggedRequest(request('/', '/health?verbose=1'))).toBe(true);
  });

  it('logs everything else, readiness included', () => {
    expect(isUnloggedRequest(request('/', '/claims'))).toBe(false);
    expect(isUnloggedRequest(request('/health/ready'))).toBe(false);
    expect(isUnloggedRequest(request('/', '/healthz'))).toBe(false);
  });
});
