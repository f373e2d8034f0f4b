import { isDependencyOutage } from './dependency-outage';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDependencyOutage', () => {
  it('recognises Postgres and Redis being unreachable', () => {
    expect(isDependencyOutage(withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'))).toBe(true);
    expect(isDependencyOutage(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDependencyOutage(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDependencyOutage(withCode('57P01', 'terminating connection due to administrator command'))).toBe(true);
    expect(isDependencyOutage(withCode('08006'))).toBe(true);
    expect(
      isDependencyOutage(
        Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' }),
      ),
    ).toBe(true);
    expect(isDependencyOutage(new Error('Connection is closed.'))).toBe(true);
  });

  it('looks inside AggregateError and cause', () => {
    expect(isDependencyOutage(new AggregateError([withCode('ECONNREFUSED')], ''))).toBe(true);
    expect(isDependencyOutage(new Error('query failed', { cause: withCode('ECONNRESET') }))).toBe(true);
  });

  it('leaves bugs and client mistakes alone', () => {
    expect(isDependencyOutage(withCode('23505', 'duplicate key value violates unique constraint'))).toBe(false);
    expect(isDependencyOutage(withCode('42P01', 'relation "nope" does not exist'))).toBe(false);
    expect(isDependencyOutage(new TypeError('Cannot read properties of undefined'))).toBe(false);
    expect(isDependencyOutage(null)).toBe(false);
    expect(isDependencyOutage('ECONNREFUSED')).toBe(false);
  });
});
