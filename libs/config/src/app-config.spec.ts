import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('works with no environment at all, for a machine with local services', () => {
    const config = loadConfig({});
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/claimtrail');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.http.port).toBe(3000);
  });

  it('names a malformed DATABASE_URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x@y/z' })).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
  });

  it('migrates as DATABASE_URL unless MIGRATION_DATABASE_URL names the owner', () => {
    const app = 'postgres://claimtrail_app@db:5432/claimtrail';
    expect(loadConfig({ DATABASE_URL: app }).database.migrationUrl).toBe(app);
    const owner = 'postgres://owner@db:5432/claimtrail';
    expect(loadConfig({ DATABASE_URL: app, MIGRATION_DATABASE_URL: owner }).database).toMatchObject({
      url: app,
      migrationUrl: owner,
    });
    expect(() => loadConfig({ MIGRATION_DATABASE_URL: 'mysql://x@y/z' })).toThrow(/MIGRATION_DATABASE_URL/);
  });

  it('lists every bad variable at once', () => {
    try {
      loadConfig({ PORT: '99999', REDIS_URL: 'http://x', ADMIN_API_KEY: 'short' });
      fail('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/REDIS_URL/);
      expect(problems).toMatch(/ADMIN_API_KEY/);
    }
  });

  it('keeps pooled connections through a lull: five idle minutes by default, 0 for never, no negative', () => {
    expect(loadConfig({}).database.poolIdleMs).toBe(300_000);
    expect(loadConfig({ DATABASE_POOL_IDLE_MS: '0' }).database.poolIdleMs).toBe(0);
    expect(() => loadConfig({ DATABASE_POOL_IDLE_MS: '-1' })).toThrow(/DATABASE_POOL_IDLE_MS/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).http.port).toBe(3000);
  });

  it('splits CORS_ORIGINS', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example' }).http.corsOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });
});
