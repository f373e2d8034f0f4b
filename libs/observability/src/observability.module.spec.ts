import pino from 'pino';
import { REDACTED_LOG_PATHS } from './observability.module';

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
