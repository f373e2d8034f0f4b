import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, Transaction } from 'kysely';
import { AuditSigningKey, Checkpoint, CheckpointWriter, EMPTY_LOG_HEAD, nextLogHead } from '@claimtrail/audit';
import { Database } from '@claimtrail/database';
import { eventHash, EventStore } from '@claimtrail/event-store';
import { ApiHarness, startApi } from '../support/api-harness';
import { authHeader, createKey } from '../support/api-keys';
import { claimClient, TEST_PUBLISHERS } from '../support/claim-client';
import { startWorker, uniqueQueuePrefix, WorkerHarness } from '../support/worker-harness';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const root = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'claimtrail-anchors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An Ed25519 private key in a PEM file, as AUDIT_SIGNING_KEY_FILE names it. */
function keyFile(name: string): string {
  const path = join(dir, `${name}.pem`);
  writeFileSync(path, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
  return path;
}
const signingKey = keyFile('signing');

interface VerifyBody {
  ok: boolean;
  reason?: string;
  anchors: { ok: boolean; checkpoints: number; reason?: string } | null;
}

/** `npm run audit:verify` from the sources (as `node -r register-ts`), on the harness's database. */
function auditVerify(
  api: ApiHarness,
  args: string[],
): Promise<{ code: number; result: VerifyBody | null; stderr: string }> {
  const cli = join(root, 'apps', 'cli', 'src', 'audit-verify.ts');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', join(root, 'test', 'support', 'register-ts.js'), cli, ...args],
      {
        env: { ...process.env, DATABASE_URL: api.database.url, AUDIT_SIGNING_KEY_FILE: '', LOG_LEVEL: 'silent' },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, result: stdout.trim() ? (JSON.parse(stdout) as VerifyBody) : null, stderr });
      },
    );
  });
}

/** What an auditor holds after checkpointing a log: the exported checkpoints and the public key, in files. */
interface AnchoredLog {
  api: ApiHarness;
  auditorKey: string;
  claimIds: string[];
  checkpointsFile: string;
  publicKeyFile: string;
  checkpoints: Checkpoint[];
}

/** Asks for checkpoints until one covers every stored event (other sessions on the server can hold the horizon back). */
async function checkpointEverything(api: ApiHarness, auditorKey: string): Promise<Checkpoint> {
  const { total } = (await sql<{ total: number }>`SELECT count(*)::int AS total FROM events`.execute(api.database.db))
    .rows[0];
  for (let tries = 0; ; tries++) {
    const res = await api.app.inject({ method: 'POST', url: '/audit/checkpoints', headers: authHeader(auditorKey) });
    expect([200, 201]).toContain(res.statusCode);
    const checkpoint = res.json() as Checkpoint;
    if (checkpoint.count === total || tries > 400) return checkpoint;
    await sleep(50);
  }
}

let logs = 0;
async function anchoredLog(): Promise<AnchoredLog> {
  const api = await startApi({ AUDIT_SIGNING_KEY_FILE: signingKey });
  const editor = claimClient(api, await createKey(api, 'editor'));
  const auditorKey = await createKey(api, 'auditor');
  for (const publisher of TEST_PUBLISHERS) await editor.publisher(publisher);
  const claimIds: string[] = [];
  for (const text of ['The bridge opened in 1932', 'The river is 400 km long', 'The mayor was re-elected']) {
    const { id } = (await editor.report({ text })).json();
    await editor.evidence(id, { publisher: 'Reuters', stance: 'supports' });
    claimIds.push(id);
  }
  await checkpointEverything(api, auditorKey);
  // A second checkpoint over more events: chained on from the first.
  await editor.evidence(claimIds[2], { publisher: 'bbc', stance: 'refutes' });
  await checkpointEverything(api, auditorKey);
  const listed = await api.app.inject({ method: 'GET', url: '/audit/checkpoints', headers: authHeader(auditorKey) });
  const publicKey = await api.app.inject({ method: 'GET', url: '/audit/public-key', headers: authHeader(auditorKey) });
  const n = ++logs;
  const checkpointsFile = join(dir, `checkpoints-${n}.json`);
  const publicKeyFile = join(dir, `public-${n}.pem`);
  writeFileSync(checkpointsFile, listed.body);
  writeFileSync(publicKeyFile, publicKey.json().publicKeyPem);
  return { api, auditorKey, claimIds, checkpointsFile, publicKeyFile, checkpoints: listed.json().items };
}

async function verifyEndpoint(log: AnchoredLog): Promise<VerifyBody> {
  const res = await log.api.app.inject({ method: 'GET', url: '/audit/verify', headers: authHeader(log.auditorKey) });
  expect(res.statusCode).toBe(200);
  return res.json();
}

/** What a database superuser can do: bypass the append-only trigger for one transaction. */
function asSuperuser(log: AnchoredLog, attack: (trx: Transaction<Database>) => Promise<void>): Promise<void> {
  return log.api.database.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await attack(trx);
  });
}

/** Edits a stream's first event and recomputes every hash of the stream after it, and its head: its own chain verifies. */
async function rechain(trx: Transaction<Database>, streamId: string): Promise<void> {
  const rows = await trx
    .selectFrom('events')
    .selectAll()
    .where('stream_id', '=', streamId)
    .orderBy('stream_version')
    .execute();
  let prev: string | null = null;
  for (const [i, row] of rows.entries()) {
    const data = i === 0 ? { ...row.data, text: 'The bridge opened in 1931' } : row.data;
    const hash = eventHash(prev, {
      streamId,
      streamVersion: row.stream_version,
      type: row.type,
      data,
      metadata: row.metadata,
      recordedAt: row.recorded_at,
    });
    await sql`UPDATE events SET data = ${JSON.stringify(data)}::jsonb, prev_hash = ${prev}, hash = ${hash}
               WHERE position = ${row.position}`.execute(trx);
    prev = hash;
  }
  await sql`UPDATE streams SET last_hash = ${prev} WHERE stream_id = ${streamId}`.execute(trx);
}

const attacks: [string, (log: AnchoredLog) => Promise<void>][] = [
  [
    'an edited event whose stream was re-chained',
    (log) => asSuperuser(log, (trx) => rechain(trx, `claim-${log.claimIds[0]}`)),
  ],
  [
    'a whole stream deleted',
    (log) =>
      asSuperuser(log, async (trx) => {
        const streamId = `claim-${log.claimIds[1]}`;
        await sql`DELETE FROM events WHERE stream_id = ${streamId}`.execute(trx);
        await sql`DELETE FROM streams WHERE stream_id = ${streamId}`.execute(trx);
      }),
  ],
  [
    'positions renumbered',
    (log) =>
      asSuperuser(log, async (trx) => {
        await sql`ALTER TABLE events ALTER COLUMN position SET GENERATED BY DEFAULT`.execute(trx);
        const second = log.checkpoints[0].position;
        await sql`UPDATE events SET position = position + 1000000 WHERE position >= ${second}`.execute(trx);
      }),
  ],
];

describe('anchored history: signed checkpoints (e2e)', () => {
  describe('an untouched log', () => {
    let log: AnchoredLog;
    let worker: WorkerHarness | undefined;
    beforeAll(async () => {
      log = await anchoredLog();
    });
    afterAll(async () => {
      await worker?.close();
      await log.api.close();
    });

    it('exports signed checkpoints, each chained on from the last, and the public key', async () => {
      expect(log.checkpoints).toHaveLength(2);
      const [first, second] = log.checkpoints;
      expect(second.count).toBe(first.count + 1);
      expect(second.position).toBeGreaterThan(first.position);
      expect(first.keyId).toBe(second.keyId);
      expect(first.head).not.toBe(second.head);
      const key = (
        await log.api.app.inject({ method: 'GET', url: '/audit/public-key', headers: authHeader(log.auditorKey) })
      ).json();
      expect(key).toMatchObject({ algorithm: 'Ed25519', keyId: first.keyId });
      expect(key.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    });

    it('answers 200 with the latest checkpoint when nothing finished since, and folds only new events', async () => {
      const res = await log.api.app.inject({
        method: 'POST',
        url: '/audit/checkpoints',
        headers: authHeader(log.auditorKey),
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(log.checkpoints[1]);
      const editor = claimClient(log.api, await createKey(log.api, 'editor'));
      await editor.evidence(log.claimIds[0], { publisher: 'ap', stance: 'supports' });
      await editor.evidence(log.claimIds[1], { publisher: 'ap', stance: 'supports' });
      const writer = log.api.app.get(CheckpointWriter);
      let written = await writer.write();
      for (let i = 0; i < 400 && written.checkpoint.count < log.checkpoints[1].count + 2; i++) {
        await sleep(50);
        written = await writer.write();
      }
      const added = written.checkpoint.count - log.checkpoints[1].count;
      expect(added).toBeGreaterThanOrEqual(2);
      // Read since the previous checkpoint only (whatever else the policy appended), never the whole log again.
      expect(written.eventsRead).toBeLessThan(written.checkpoint.count);
      expect((await verifyEndpoint(log)).anchors).toMatchObject({ ok: true, checkpoints: 3 });
    });

    it('verifies ok, by the endpoint and by the command line with the auditor’s copies', async () => {
      expect(await verifyEndpoint(log)).toMatchObject({ ok: true, anchors: { ok: true } });
      const run = await auditVerify(log.api, ['--checkpoints', log.checkpointsFile, '--public-key', log.publicKeyFile]);
      expect(run).toMatchObject({ code: 0, result: { ok: true, anchors: { ok: true, checkpoints: 2 } } });
    });

    it('refuses checkpoints with a forged signature, or signed by another key', async () => {
      const forged = log.checkpoints.map((c, i) => (i === 1 ? { ...c, count: c.count - 1 } : c));
      const forgedFile = join(dir, 'forged.json');
      writeFileSync(forgedFile, JSON.stringify({ items: forged }));
      const refused = await auditVerify(log.api, ['--checkpoints', forgedFile, '--public-key', log.publicKeyFile]);
      expect(refused.code).toBe(2);
      expect(refused.result).toMatchObject({ ok: false, anchors: { ok: false } });
      expect(refused.result?.reason).toMatch(/invalid signature: forged or altered/);

      const otherKey = join(dir, 'other-public.pem');
      writeFileSync(otherKey, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
      const foreign = await auditVerify(log.api, ['--checkpoints', log.checkpointsFile, '--public-key', otherKey]);
      expect(foreign.code).toBe(2);
      expect(foreign.result?.reason).toMatch(/is signed by key [0-9a-f]{32}, not [0-9a-f]{32}/);
    });

    it('is written periodically by the worker', async () => {
      const before = log.checkpoints.length;
      const editor = claimClient(log.api, await createKey(log.api, 'editor'));
      await editor.report({ text: 'A claim the worker anchors' });
      worker = await startWorker(log.api.database.url, {
        AUDIT_SIGNING_KEY_FILE: signingKey,
        AUDIT_CHECKPOINT_INTERVAL_MS: '1000',
        QUEUE_PREFIX: uniqueQueuePrefix(),
      });
      let items: Checkpoint[] = [];
      for (let i = 0; i < 400 && items.length <= before + 1; i++) {
        await sleep(50);
        items = (
          await log.api.app.inject({ method: 'GET', url: '/audit/checkpoints', headers: authHeader(log.auditorKey) })
        ).json().items;
      }
      expect(items.length).toBeGreaterThan(before + 1);
      expect(await verifyEndpoint(log)).toMatchObject({ ok: true, anchors: { ok: true, checkpoints: items.length } });
    });

    it('keeps checkpoints to auditors and admins', async () => {
      const reporter = authHeader(await createKey(log.api, 'reporter'));
      for (const [method, url] of [
        ['GET', '/audit/checkpoints'],
        ['POST', '/audit/checkpoints'],
        ['GET', '/audit/public-key'],
      ] as const)
        expect((await log.api.app.inject({ method, url, headers: reporter })).statusCode).toBe(403);
    });
  });

  describe('without a signing key', () => {
    let api: ApiHarness;
    beforeAll(async () => {
      api = await startApi();
    });
    afterAll(() => api.close());

    it('writes no checkpoint and says why; verify checks the chains alone', async () => {
      const auditor = authHeader(await createKey(api, 'auditor'));
      const written = await api.app.inject({ method: 'POST', url: '/audit/checkpoints', headers: auditor });
      expect(written.statusCode).toBe(503);
      expect(written.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(written.json().detail).toMatch(/AUDIT_SIGNING_KEY_FILE/);
      const key = await api.app.inject({ method: 'GET', url: '/audit/public-key', headers: auditor });
      expect(key.statusCode).toBe(404);
      expect(key.headers['content-type']).toMatch(/^application\/problem\+json/);
      const verified = await api.app.inject({ method: 'GET', url: '/audit/verify', headers: auditor });
      expect(verified.json()).toMatchObject({ ok: true, anchors: null });
    });

    it('refuses a key file that is not an Ed25519 private key, naming the variable', () => {
      const rsa = join(dir, 'rsa.pem');
      writeFileSync(
        rsa,
        generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
      );
      expect(() => AuditSigningKey.fromPemFile(rsa)).toThrow(/AUDIT_SIGNING_KEY_FILE .*Ed25519/);
      expect(() => AuditSigningKey.fromPemFile(join(dir, 'missing.pem'))).toThrow(
        /AUDIT_SIGNING_KEY_FILE .*missing\.pem/,
      );
    });
  });

  describe.each(attacks)('%s by a database superuser', (_, attack) => {
    let log: AnchoredLog;
    beforeAll(async () => {
      log = await anchoredLog();
      await attack(log);
    });
    afterAll(() => log.api.close());

    it('passes the per-stream chains (what a superuser can fake) ...', async () => {
      expect(await log.api.app.get(EventStore).verify()).toMatchObject({ ok: true });
    });

    it('... but not the signed checkpoints: the endpoint reports it', async () => {
      const body = await verifyEndpoint(log);
      expect(body).toMatchObject({ ok: false, anchors: { ok: false } });
      expect(body.reason).toMatch(/is not what was signed/);
    });

    it('... and so does the command line, with the auditor’s copies', async () => {
      const run = await auditVerify(log.api, ['--checkpoints', log.checkpointsFile, '--public-key', log.publicKeyFile]);
      expect(run.code).toBe(2);
      expect(run.result).toMatchObject({ ok: false, anchors: { ok: false } });
      expect(run.result?.reason).toMatch(/is not what was signed/);
    });

    it('... even when the superuser also rewrites the stored checkpoints to match: their signatures fail', async () => {
      // Recompute what the rewritten log's checkpoints would say and store that: only the signature is left wrong.
      await asSuperuser(log, async (trx) => {
        const stored = await sql<{ id: number; transaction_id: string; position: number }>`
          SELECT id, transaction_id::text, position FROM audit_checkpoints`.execute(trx);
        for (const c of stored.rows) {
          const events = await sql<{ position: number; hash: string }>`
            SELECT position, hash FROM events
             WHERE (transaction_id, position) <= (${c.transaction_id}::xid8, ${c.position}::bigint)
             ORDER BY transaction_id, position`.execute(trx);
          const head = events.rows.reduce((h, e) => nextLogHead(h, e), EMPTY_LOG_HEAD);
          await sql`UPDATE audit_checkpoints SET head = ${head}, event_count = ${events.rows.length}
                     WHERE id = ${c.id}`.execute(trx);
        }
      });
      const body = await verifyEndpoint(log);
      expect(body).toMatchObject({ ok: false, anchors: { ok: false } });
      expect(body.reason).toMatch(/invalid signature: forged or altered/);
    });
  });
});
