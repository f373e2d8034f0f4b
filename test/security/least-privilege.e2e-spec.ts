import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ensureAppRole } from '@claimtrail/schema';
import { ApiHarness, startApi } from '../support/api-harness';
import { authHeader, createKey } from '../support/api-keys';
import { claimClient, TEST_PUBLISHERS } from '../support/claim-client';
import { withAdminClient } from '../support/test-database';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The same database URL, connecting as `role` (trust authentication on the test server). */
function asRole(url: string, role: string): string {
  const u = new URL(url);
  u.username = role;
  u.password = '';
  return u.toString();
}

/**
 * The API connects as the role `npm run migrate -- --create-app-role` creates: the normal
 * flow works, and none of the ways to rewrite history a superuser has are open to it.
 */
describe('least-privilege app role (e2e)', () => {
  const role = `claimtrail_app_${randomBytes(4).toString('hex')}`;
  let api: ApiHarness;
  let asApp: Client;

  beforeAll(async () => {
    api = await startApi(
      { WEBHOOK_ALLOWED_PRIVATE_ADDRESSES: '127.0.0.1' },
      (url) => asRole(url, role),
      async (database) => {
        const report = await ensureAppRole(database.db, role);
        expect(report).toMatchObject({ role, created: true });
      },
    );
    asApp = new Client({ connectionString: asRole(api.database.url, role) });
    await asApp.connect();
  });
  afterAll(async () => {
    await asApp?.end();
    await api?.close();
    await withAdminClient((c) => c.query(`DROP ROLE IF EXISTS ${role}`));
  });

  it('runs the normal flow: append a claim, project it, read it, and rebuild a read model', async () => {
    const editor = claimClient(api, await createKey(api, 'editor'));
    for (const publisher of TEST_PUBLISHERS) await editor.publisher(publisher);
    const reported = await editor.report({ text: 'The least-privilege role reported this' });
    expect(reported.statusCode).toBe(201);
    const { id } = reported.json();
    expect((await editor.evidence(id, { publisher: 'Reuters', stance: 'supports' })).statusCode).toBe(200);
    const read = await editor.get(id);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id, text: 'The least-privilege role reported this' });

    const admin = authHeader(await createKey(api, 'admin'));
    const started = await api.app.inject({
      method: 'POST',
      url: '/admin/projections/claim_status/rebuild',
      headers: admin,
    });
    expect(started.statusCode).toBe(202);
    let status = started.json() as { lastRebuild?: { status: string; error: string | null } };
    for (let i = 0; i < 400 && status.lastRebuild?.status === 'running'; i++) {
      await sleep(50);
      status = (await api.app.inject({ method: 'GET', url: '/admin/projections/claim_status', headers: admin })).json();
    }
    expect(status.lastRebuild).toMatchObject({ status: 'swapped', error: null });
    expect((await editor.get(id)).json()).toMatchObject({ id });
  });

  it('registers and disables a webhook endpoint, and may take the lock the webhook relay reads endpoints under', async () => {
    const admin = authHeader(await createKey(api, 'admin'));
    const created = await api.app.inject({
      method: 'POST',
      url: '/webhooks',
      headers: admin,
      payload: { url: 'http://127.0.0.1:9/hook', eventTypes: ['ClaimStatusChanged'] },
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json() as { id: string };
    expect((await api.app.inject({ method: 'DELETE', url: `/webhooks/${id}`, headers: admin })).statusCode).toBe(200);
    await asApp.query('BEGIN');
    try {
      await asApp.query('LOCK TABLE webhook_endpoints IN SHARE MODE');
    } finally {
      await asApp.query('ROLLBACK');
    }
    await expect(asApp.query('DELETE FROM webhook_endpoints')).rejects.toThrow(/permission denied/);
  });

  it('is no superuser and has no power beyond its grants', async () => {
    const { rows } = await asApp.query<Record<string, boolean>>(
      'SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls FROM pg_roles WHERE rolname = current_user',
    );
    expect(rows).toEqual([
      { rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolreplication: false, rolbypassrls: false },
    ]);
  });

  it.each([
    ['UPDATE', `UPDATE events SET type = 'Forged'`, /permission denied for table events/],
    ['DELETE', 'DELETE FROM events', /permission denied for table events/],
    ['TRUNCATE', 'TRUNCATE events', /permission denied for table events/],
    ['DISABLE TRIGGER', 'ALTER TABLE events DISABLE TRIGGER events_append_only', /must be owner of table events/],
    ['DROP TABLE', 'DROP TABLE events', /must be owner of table events/],
    [
      'CREATE TRIGGER',
      'CREATE TRIGGER t BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION events_refuse_change()',
      /permission denied for table events|must be owner/,
    ],
    ['session_replication_role', 'SET session_replication_role = replica', /permission denied to set parameter/],
  ])('refuses %s on the log', async (_, statement, refusal) => {
    const { rows: before } = await asApp.query<{ n: string }>('SELECT count(*) AS n FROM events');
    expect(Number(before[0].n)).toBeGreaterThan(0);
    await expect(asApp.query(statement)).rejects.toThrow(refusal);
    const { rows: after } = await asApp.query<{ n: string }>('SELECT count(*) AS n FROM events');
    expect(after).toEqual(before);
  });

  it('may move stream heads only by appending, never delete them', async () => {
    await expect(asApp.query('DELETE FROM streams')).rejects.toThrow(/permission denied for table streams/);
  });

  it('may add signed checkpoints, never change or remove them', async () => {
    await expect(asApp.query('UPDATE audit_checkpoints SET head = head')).rejects.toThrow(
      /permission denied for table audit_checkpoints/,
    );
    await expect(asApp.query('DELETE FROM audit_checkpoints')).rejects.toThrow(
      /permission denied for table audit_checkpoints/,
    );
  });

  it('refuses a database with a table no lib declares a grant for', async () => {
    await api.database.db.schema.createTable('undeclared_table').addColumn('id', 'integer').execute();
    try {
      await expect(ensureAppRole(api.database.db, role)).rejects.toThrow(/undeclared_table/);
    } finally {
      await api.database.db.schema.dropTable('undeclared_table').execute();
    }
    // Idempotent: a second run on the migrated database updates the same role.
    await expect(ensureAppRole(api.database.db, role)).resolves.toMatchObject({ created: false });
  });
});
