import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ApiHarness, startApi } from './support/api-harness';

describe('health, docs and errors', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('answers liveness without a key', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('is ready when Postgres and Redis answer', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ok',
      details: { postgres: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('answers unknown routes with a problem+json 404', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 404, title: 'Not found', instance: '/no-such-thing' });
  });

  it('serves the OpenAPI document', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/docs-json' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ openapi: expect.stringMatching(/^3\./), info: { title: 'Claimtrail' } });
  });

  it('serves Prometheus metrics with the HTTP latency histogram', async () => {
    await api.app.inject({ method: 'GET', url: '/health' });
    const res = await api.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/http_request_duration_seconds_bucket\{.*route="\/health"/);
    expect(res.body).toMatch(/process_cpu_user_seconds_total/);
  });

  it('echoes a sane X-Request-Id', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers['x-request-id']).toBe('abc-123');
  });
});

describe('readiness with Redis down', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    // Nothing listens on port 1: the same answer as a stopped Redis.
    api = await startApi({ REDIS_URL: 'redis://127.0.0.1:1' });
  });
  afterAll(() => api.close());

  it('answers 503 naming redis', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body.detail).toBe('Not ready: redis is down');
    expect(body.checks).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'down' } });
  });
});

describe('boot with a malformed DATABASE_URL', () => {
  it('stops with a message naming the variable', () => {
    const main = join(__dirname, '..', 'dist', 'apps', 'api', 'src', 'main.js');
    const run = spawnSync(process.execPath, [main], {
      env: { ...process.env, DATABASE_URL: 'postgres//nowhere', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/DATABASE_URL/);
  });
});
