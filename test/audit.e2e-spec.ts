import { sql } from 'kysely';
import { eventHash, EventStore } from '@claimtrail/event-store';
import { liveSubscriptionName, ProjectionRunner } from '@claimtrail/projections';
import { resumeTokenOf } from '../apps/api/src/audit/audit-export';
import { ApiHarness, startApi } from './support/api-harness';
import { authHeader, createKey } from './support/api-keys';
import { claimClient, TEST_PUBLISHERS } from './support/claim-client';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const parseNdjson = (body: string) =>
  body
    .split('\n')
    .filter(Boolean)
    .map(
      (line) =>
        JSON.parse(line) as Record<string, unknown> & {
          position: number;
          transactionId: string;
          hash: string;
          prevHash: string | null;
          recordedAt: string;
        },
    );

describe('audit (e2e)', () => {
  let api: ApiHarness;
  let editor: ReturnType<typeof claimClient>;
  let auditor: ReturnType<typeof claimClient>;
  let auditorKey: string;

  beforeAll(async () => {
    api = await startApi();
    editor = claimClient(api, await createKey(api, 'editor'));
    auditorKey = await createKey(api, 'auditor');
    auditor = claimClient(api, auditorKey);
    for (const publisher of TEST_PUBLISHERS) await editor.publisher(publisher);
  });
  afterAll(() => api.close());

  it('lets an auditor reconstruct who changed a status, when and why, and the status at each moment', async () => {
    const { id } = (await editor.report({ text: 'audited claim' })).json();
    // Distinct milliseconds between writes, so each moment below falls between two of them.
    await pause(5);
    await editor.evidence(id, { publisher: 'Reuters', stance: 'supports' });
    await pause(5);
    await editor.evidence(id, { publisher: 'bbc', stance: 'supports' });
    await pause(5);
    await editor.verdict(
      id,
      { status: 'denied', reason: 'The ministry showed the shipment records' },
      { 'x-request-id': 'verdict-request' },
    );

    const history = (await auditor.events(id)).json().items as {
      position: number;
      version: number;
      type: string;
      data: Record<string, unknown>;
      metadata: { actor: { keyId: string; role: string }; correlationId: string; causationId: string };
      recordedAt: string;
      hash: string;
    }[];
    expect(history.map((e) => e.version)).toEqual(history.map((_, i) => i + 1));
    const changes = history.filter((e) => e.type === 'ClaimStatusChanged');
    expect(changes.map((e) => [e.data.from, e.data.to, e.data.by])).toEqual([
      ['reported', 'corroborated', 'policy'],
      ['corroborated', 'denied', 'editor'],
    ]);
    const verdict = changes[1];
    expect(verdict.metadata).toMatchObject({
      actor: { role: 'editor' },
      correlationId: 'verdict-request',
      causationId: 'verdict-request',
    });
    expect(verdict.data.reasons).toEqual([
      expect.objectContaining({ rule: 'editor-verdict', detail: 'The ministry showed the shipment records' }),
    ]);
    expect(history.every((e) => /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);

    const statusAt = async (at: Date) =>
      auditor.call('GET', `/claims/${id}/status?asOf=${encodeURIComponent(at.toISOString())}`);
    const at = (i: number, shiftMs = 0) => new Date(new Date(history[i].recordedAt).getTime() + shiftMs);
    expect((await statusAt(at(0, -1))).statusCode).toBe(404);
    expect((await statusAt(at(0))).json()).toMatchObject({ status: 'reported', version: 2, reasons: [] });
    const firstChange = history.indexOf(changes[0]);
    expect((await statusAt(at(firstChange, -1))).json()).toMatchObject({ status: 'reported', version: 3 });
    expect((await statusAt(at(firstChange))).json()).toMatchObject({
      status: 'corroborated',
      version: firstChange + 1,
      reasons: [expect.objectContaining({ rule: 'independent-support' })],
    });
    expect((await statusAt(at(history.length - 1))).json()).toMatchObject({
      status: 'denied',
      version: history.length,
    });
  });

  it('keeps audit reads to auditors and admins', async () => {
    const reporter = await createKey(api, 'reporter');
    for (const url of ['/audit/verify', '/audit/events']) {
      expect((await api.app.inject({ method: 'GET', url, headers: authHeader(reporter) })).statusCode).toBe(403);
      expect((await api.app.inject({ method: 'GET', url, headers: authHeader(auditorKey) })).statusCode).toBe(200);
    }
  });

  it('exports the log as NDJSON that re-parses to the stored events, with recomputable hashes, filters and resumption', async () => {
    const { id } = (await editor.report({ text: 'exported claim' })).json();
    const { position } = (await editor.evidence(id, { publisher: 'ap', stance: 'refutes' })).json();
    // The export serves only events of finished transactions below the server's visibility
    // horizon, which any open transaction on the server holds back for a moment: wait for the write.
    let res = await api.app.inject({ method: 'GET', url: '/audit/events', headers: authHeader(auditorKey) });
    for (let tries = 0; tries < 200 && !parseNdjson(res.body).some((e) => e.position === position); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      res = await api.app.inject({ method: 'GET', url: '/audit/events', headers: authHeader(auditorKey) });
    }
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = parseNdjson(res.body);

    const stored = [];
    for await (const e of api.app.get(EventStore).readAll({ raw: true })) stored.push(e);
    expect(lines).toEqual(
      stored.map((e) => ({
        position: e.position,
        streamId: e.streamId,
        streamVersion: e.streamVersion,
        eventId: e.eventId,
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: e.data,
        metadata: e.metadata,
        recordedAt: e.recordedAt.toISOString(),
        transactionId: e.transactionId,
        prevHash: e.prevHash,
        hash: e.hash,
      })),
    );
    for (const line of lines) {
      const { streamId, streamVersion, type, data, metadata } = line as unknown as {
        streamId: string;
        streamVersion: number;
        type: string;
        data: object;
        metadata: object;
      };
      expect(
        eventHash(line.prevHash, {
          streamId,
          streamVersion,
          type,
          data,
          metadata,
          recordedAt: new Date(line.recordedAt),
        }),
      ).toBe(line.hash);
    }

    const get = async (query: string) =>
      parseNdjson(
        (await api.app.inject({ method: 'GET', url: `/audit/events?${query}`, headers: authHeader(auditorKey) })).body,
      );
    const head = lines.slice(0, 3);
    const resumed = await get(`after=${resumeTokenOf(head[head.length - 1])}`);
    expect([...head, ...resumed]).toEqual(lines);
    // Old clients' rule still works on a quiet log.
    const rest = await get(`fromPosition=${head[head.length - 1].position + 1}`);
    expect([...head, ...rest]).toEqual(lines);
    expect(
      (await api.app.inject({ method: 'GET', url: '/audit/events?after=12', headers: authHeader(auditorKey) })).json(),
    ).toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ field: 'after' })],
    });
    expect(await get(`stream=claim-${id}`)).toEqual(lines.filter((l) => l.streamId === `claim-${id}`));
    expect((await get('type=EvidenceAttached,ClaimMarkedDuplicate')).every((l) => l.type === 'EvidenceAttached')).toBe(
      true,
    );
    const last = lines[lines.length - 1];
    expect((await get(`since=${encodeURIComponent(last.recordedAt)}`)).map((l) => l.position)).toContain(last.position);
    expect(
      await get(`until=${encodeURIComponent(new Date(new Date(lines[0].recordedAt).getTime() - 1).toISOString())}`),
    ).toEqual([]);
    expect(
      (await api.app.inject({ method: 'GET', url: '/audit/events?stream=nope', headers: authHeader(auditorKey) }))
        .statusCode,
    ).toBe(400);
  });
});

describe('read-your-writes (e2e)', () => {
  let api: ApiHarness;
  let editor: ReturnType<typeof claimClient>;
  let readerKey: string;

  beforeAll(async () => {
    // A short wait: the stale read below waits it out in full.
    api = await startApi({ READ_YOUR_WRITES_TIMEOUT_MS: '300' });
    editor = claimClient(api, await createKey(api, 'editor'));
    readerKey = await createKey(api, 'reporter');
  });
  afterAll(() => api.close());

  /** Waits (generously, test-side) until the projector has the position, so the reads below are deterministic. */
  const projected = (position: number) =>
    api.app
      .get(EventStore)
      .waitUntilProcessed(liveSubscriptionName({ name: 'claim_status' }), position, { timeoutMs: 30_000 });
  const read = (url: string) => api.app.inject({ method: 'GET', url, headers: authHeader(readerKey) });

  it('answers once the projection has the position, and says how far behind it is when it has not', async () => {
    const runner = api.app.get(ProjectionRunner);
    const reported = (await editor.report({ text: 'fresh claim' })).json();
    expect(await projected(reported.position)).toBe(true);
    const id = reported.id as string;

    await runner.stop();
    const written = (await editor.evidence(id, { publisher: 'ap', stance: 'neutral' })).json();
    const stale = await read(`/claims/${id}?minPosition=${written.position}`);
    expect(stale.statusCode).toBe(200);
    expect(stale.json().version).toBe(reported.version);
    expect(Number(stale.headers['x-projection-lag'])).toBeGreaterThanOrEqual(1);
    const staleList = await read(`/claims?q=fresh&minPosition=${written.position}`);
    expect(staleList.headers['x-projection-lag']).toBeDefined();

    runner.start();
    expect(await projected(written.position)).toBe(true);
    const fresh = await read(`/claims/${id}?minPosition=${written.position}`);
    expect(fresh.json().version).toBe(written.version);
    expect(fresh.headers['x-projection-lag']).toBeUndefined();
    const listed = await read(`/claims?q=fresh&minPosition=${written.position}`);
    expect(listed.json().items).toEqual([expect.objectContaining({ id, version: written.version })]);
    expect(listed.headers['x-projection-lag']).toBeUndefined();
  });
});

describe('audit: verify detects tampering (e2e)', () => {
  let api: ApiHarness;
  let editor: ReturnType<typeof claimClient>;
  let auditorKey: string;

  beforeAll(async () => {
    api = await startApi();
    editor = claimClient(api, await createKey(api, 'editor'));
    auditorKey = await createKey(api, 'auditor');
  });
  afterAll(() => api.close());

  /** A claim of three events (report + corroboration request, then evidence): its positions. */
  async function threeEventClaim(): Promise<number[]> {
    const { id } = (await editor.report({ text: 'tamper target' })).json();
    await editor.evidence(id, { publisher: 'ap', stance: 'neutral' });
    const { rows } = await sql<{
      position: number;
    }>`SELECT position FROM events WHERE stream_id = ${`claim-${id}`} ORDER BY stream_version`.execute(api.database.db);
    return rows.map((r) => Number(r.position));
  }

  const verify = async (query = '') =>
    (await api.app.inject({ method: 'GET', url: `/audit/verify${query}`, headers: authHeader(auditorKey) })).json();
  const range = (positions: number[]) => `?fromPosition=${positions[0]}&toPosition=${positions[positions.length - 1]}`;
  /** Tampering needs the append-only triggers out of the way, as a superuser could. */
  const tamper = (...statements: ReturnType<typeof sql>[]) =>
    api.database.db.transaction().execute(async (trx) => {
      await sql`ALTER TABLE events DISABLE TRIGGER USER`.execute(trx);
      for (const statement of statements) await statement.execute(trx);
      await sql`ALTER TABLE events ENABLE TRIGGER USER`.execute(trx);
    });

  it('finds an edited, a deleted and a swapped row, each at its position', async () => {
    const edited = await threeEventClaim();
    const deleted = await threeEventClaim();
    const swapped = await threeEventClaim();
    expect(await verify()).toEqual({ ok: true, checked: 9, firstBrokenPosition: null, anchors: null });

    await tamper(sql`UPDATE events SET data = jsonb_set(data, '{excerpt}', '"edited"') WHERE position = ${edited[2]}`);
    expect(await verify(range(edited))).toMatchObject({ ok: false, firstBrokenPosition: edited[2] });

    await tamper(sql`DELETE FROM events WHERE position = ${deleted[1]}`);
    expect(await verify(range(deleted))).toMatchObject({ ok: false, firstBrokenPosition: deleted[2] });

    // Versions 2 and 3 trade places (via a spare number: the pair is unique row by row).
    await tamper(
      sql`UPDATE events SET stream_version = CASE stream_version WHEN 2 THEN 100 WHEN 3 THEN 2 END WHERE position IN (${swapped[1]}, ${swapped[2]})`,
      sql`UPDATE events SET stream_version = 3 WHERE position = ${swapped[1]}`,
    );
    expect(await verify(range(swapped))).toMatchObject({ ok: false, firstBrokenPosition: swapped[1] });

    expect(await verify()).toMatchObject({ ok: false, firstBrokenPosition: edited[2] });
  });
});
