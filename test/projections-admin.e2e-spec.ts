import { sql } from 'kysely';
import { Client } from 'pg';
import { ApiHarness, startApi } from './support/api-harness';
import { authHeader, createKey } from './support/api-keys';
import { claimClient } from './support/claim-client';

/** Polls until `condition` holds; the deadline only turns a hang into a readable failure. */
async function eventually<T>(read: () => Promise<T>, condition: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (condition(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('projections admin (e2e)', () => {
  let api: ApiHarness;
  let admin: string;
  let editor: ReturnType<typeof claimClient>;
  const ids: string[] = [];

  beforeAll(async () => {
    api = await startApi();
    admin = await createKey(api, 'admin');
    editor = claimClient(api, await createKey(api, 'editor'));
    for (const n of [1, 2, 3]) {
      const { id } = (await editor.report({ text: `rebuilt claim ${n}` })).json();
      await editor.evidence(id, { publisher: 'ap', stance: 'supports' });
      ids.push(id);
    }
    await editor.get(ids[2]);
  });
  afterAll(() => api.close());

  const call = (method: 'GET' | 'POST', url: string, key = admin) =>
    api.app.inject({ method, url, headers: authHeader(key) });
  const status = async () => (await call('GET', '/admin/projections/claim_status')).json();
  const finished = () => eventually(status, (s) => s.lastRebuild && s.lastRebuild.status !== 'running');

  it('is for admins only', async () => {
    const editorKey = await createKey(api, 'editor');
    expect((await call('GET', '/admin/projections', editorKey)).statusCode).toBe(403);
    expect((await call('POST', '/admin/projections/claim_status/rebuild', editorKey)).statusCode).toBe(403);
    expect((await call('GET', '/admin/projections/nope')).statusCode).toBe(404);
  });

  it('finds a row that drifted from the log, and a rebuild puts it right while reads go on', async () => {
    await sql`UPDATE claim_status SET status = 'denied' WHERE id = ${ids[1]}`.execute(api.database.db);

    const drift = await call('POST', '/admin/projections/claim_status/drift');
    expect(drift.statusCode).toBe(202);
    expect(drift.headers.location).toBe('/admin/projections/claim_status');
    const checked = await finished();
    expect(checked.lastRebuild).toMatchObject({ status: 'checked', drift: { compared: 3, drifted: 1 } });
    expect((await editor.get(ids[1])).json().status).toBe('denied');

    expect((await call('POST', '/admin/projections/claim_status/rebuild')).statusCode).toBe(202);
    const swapped = await finished();
    expect(swapped.lastRebuild).toMatchObject({ status: 'swapped', drift: { drifted: 1 }, error: null });
    expect(swapped.lastRebuild.processed).toBeGreaterThanOrEqual(9);
    expect((await editor.get(ids[1])).json().status).toBe('reported');

    // The projector goes on writing into the swapped-in table.
    const written = (await editor.evidence(ids[0], { publisher: 'bbc', stance: 'refutes' })).json();
    expect((await editor.get(ids[0])).json().version).toBe(written.version);
    const { rows } = await sql<{
      indexname: string;
    }>`SELECT indexname FROM pg_indexes WHERE tablename = 'claim_status' ORDER BY 1`.execute(api.database.db);
    expect(rows.map((r) => r.indexname)).toEqual([
      'claim_status_article_publisher_idx',
      'claim_status_checkable_reported_at_id_idx',
      'claim_status_pkey',
      'claim_status_reported_at_id_idx',
      'claim_status_search_idx',
      'claim_status_status_reported_at_id_idx',
    ]);
  });

  it("reports each projection's lag in /metrics", async () => {
    const metrics = (await api.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/^claimtrail_projection_lag_events\{projection="claim_status"[^}]*\} \d+$/m);
    expect(metrics).toMatch(/^claimtrail_projection_horizon_held_back(\{[^}]*\})? [01]$/m);
  });

  it('refuses a second rebuild while one runs (409)', async () => {
    const holder = new Client({ connectionString: api.database.url });
    await holder.connect();
    try {
      await holder.query(`SELECT pg_advisory_lock(1217, hashtext('claim_status'))`);
      const res = await call('POST', '/admin/projections/claim_status/rebuild');
      expect(res.statusCode).toBe(409);
      expect(res.json().rule).toBe('rebuild-in-progress');
    } finally {
      await holder.end();
    }
  });
});
