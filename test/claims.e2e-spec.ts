import { ApiHarness, startApi } from './support/api-harness';
import { createKey } from './support/api-keys';
import { claimClient, TEST_PUBLISHERS } from './support/claim-client';

describe('claims (e2e)', () => {
  let api: ApiHarness;
  let reporter: ReturnType<typeof claimClient>;
  let editor: ReturnType<typeof claimClient>;
  /** History and status as of a moment are audit reads (auditor or admin). */
  let auditor: ReturnType<typeof claimClient>;
  let editorKeyId: string;

  beforeAll(async () => {
    api = await startApi();
    reporter = claimClient(api, await createKey(api, 'reporter'));
    editor = claimClient(api, await createKey(api, 'editor'));
    auditor = claimClient(api, await createKey(api, 'auditor'));
    for (const publisher of TEST_PUBLISHERS) expect((await editor.publisher(publisher)).statusCode).toBe(201);
    const probe = await editor.report({}, { 'x-request-id': 'probe-request' });
    const [first] = (await auditor.events(probe.json().id)).json().items;
    editorKeyId = first.metadata.actor.keyId;
  });
  afterAll(() => api.close());

  const article = {
    url: 'https://news.sky.com/story/drones',
    title: 'Clear evidence',
    publisher: 'Sky News',
    publishedAt: '2024-09-26T06:00:00Z',
  };
  const statusOf = async (id: string) => (await reporter.get(id)).json().status;
  const versionOf = async (id: string) => (await reporter.get(id)).json().version as number;

  it('runs a claim’s whole life: reported → corroborated → denied → editor verdict → withdrawn', async () => {
    const reported = await reporter.report({ article, citedUrls: ['https://www.reuters.com/world/drones'] });
    expect(reported.statusCode).toBe(201);
    const { id } = reported.json();
    expect(reported.headers.location).toBe(`/claims/${id}`);
    expect(reported.json()).toEqual({ id, status: 'reported', version: 2, position: expect.any(Number) });

    // An editor's evidence stands as its publisher's (a reporter key's would count as one source: test/security).
    let res = await editor.evidence(id, {
      publisher: 'Reuters',
      stance: 'supports',
      excerpt: 'Russia has a weapons programme in China',
    });
    expect(res.json()).toMatchObject({ status: 'reported', version: 3 });
    res = await editor.evidence(id, { publisher: 'bbc', stance: 'supports' });
    expect(res.json()).toMatchObject({ status: 'corroborated', version: 5 });

    const corroborated = (await reporter.get(id)).json();
    expect(corroborated.reasons[0]).toMatchObject({
      rule: 'independent-support',
      evidenceIds: corroborated.evidence.map((e: { evidenceId: string }) => e.evidenceId),
    });
    const corroboratedAt = new Date();

    await editor.evidence(id, { publisher: 'ap', stance: 'refutes' });
    expect(await statusOf(id)).toBe('corroborated');
    res = await editor.evidence(id, { publisher: 'Le Monde', stance: 'refutes' });
    expect(res.json().status).toBe('denied');

    res = await editor.verdict(id, { status: 'corroborated', reason: 'Confirmed with two officials' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('corroborated');
    const overruled = (await reporter.get(id)).json();
    expect(overruled).toMatchObject({
      editorVerdict: { status: 'corroborated', reason: 'Confirmed with two officials' },
      reasons: [{ rule: 'editor-verdict' }],
    });

    res = await editor.verdict(id, { withdraw: true, reason: 'The officials retracted' });
    expect(res.json().status).toBe('denied');

    const history = (await auditor.events(id)).json().items;
    expect(history.map((e: { type: string }) => e.type)).toEqual([
      'ClaimReported',
      'CorroborationRequested',
      'EvidenceAttached',
      'EvidenceAttached',
      'ClaimStatusChanged',
      'EvidenceAttached',
      'EvidenceAttached',
      'ClaimStatusChanged',
      'EditorVerdictSet',
      'ClaimStatusChanged',
      'EditorVerdictWithdrawn',
      'ClaimStatusChanged',
    ]);
    expect(history.map((e: { data: { to?: string } }) => e.data.to).filter(Boolean)).toEqual([
      'corroborated',
      'denied',
      'corroborated',
      'denied',
    ]);
    expect(history[9].data).toMatchObject({ from: 'denied', to: 'corroborated', by: 'editor' });

    const asOf = await auditor.call('GET', `/claims/${id}/status?asOf=${corroboratedAt.toISOString()}`);
    expect(asOf.json()).toMatchObject({ status: 'corroborated', version: 5 });
  });

  it('records the actor, correlation and causation ids and the idempotency key on every event', async () => {
    const res = await editor.report({}, { 'x-request-id': 'req-metadata-1', 'idempotency-key': 'metadata-key' });
    const [reported] = (await auditor.events(res.json().id)).json().items;
    expect(reported.metadata).toEqual({
      actor: { keyId: editorKeyId, role: 'editor' },
      correlationId: 'req-metadata-1',
      causationId: 'req-metadata-1',
      idempotencyKey: 'metadata-key',
    });
    expect(reported).toMatchObject({ version: 1, schemaVersion: 3, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('adds a publisher it does not know to the registry, unrated, and still takes the report', async () => {
    const res = await reporter.report({
      article: { ...article, url: 'https://www.dailynewcomer.example/x', publisher: 'The Daily Newcomer' },
    });
    expect(res.statusCode).toBe(201);
    expect((await reporter.call('GET', '/publishers/the-daily-newcomer')).json()).toEqual({
      id: 'the-daily-newcomer',
      name: 'The Daily Newcomer',
      domain: 'dailynewcomer.example',
      ownerGroup: 'the-daily-newcomer',
      reliability: null,
    });
  });

  it('serves the claim with an ETag equal to its version', async () => {
    const { id } = (await reporter.report()).json();
    const res = await reporter.get(id);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json()).toMatchObject({
      id,
      status: 'reported',
      version: 2,
      evidence: [],
      corroboration: [{ sources: ['archive', 'claim-review', 'cited-urls'], outcome: null }],
    });
  });

  it('answers 404 for a claim that does not exist', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await reporter.get(missing)).statusCode).toBe(404);
    expect((await reporter.evidence(missing, { publisher: 'ap', stance: 'supports' })).statusCode).toBe(404);
    expect((await auditor.events(missing)).statusCode).toBe(404);
  });

  describe('conflicts', () => {
    it('answers 412 to a stale If-Match and appends nothing', async () => {
      const { id } = (await reporter.report()).json();
      await reporter.evidence(id, { publisher: 'ap', stance: 'neutral' });
      const res = await editor.verdict(id, { status: 'denied', reason: 'no' }, { 'if-match': '"2"' });
      expect(res.statusCode).toBe(412);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 412, expectedVersion: 2, currentVersion: 3 });
      expect(await versionOf(id)).toBe(3);
    });

    it('accepts a current If-Match', async () => {
      const { id } = (await reporter.report()).json();
      const res = await editor.verdict(id, { status: 'denied', reason: 'checked' }, { 'if-match': '"2"' });
      expect(res.statusCode).toBe(200);
      expect(res.headers.etag).toBe('"4"');
    });

    it('answers 409 naming the rule for an illegal transition', async () => {
      const { id } = (await reporter.report()).json();
      const res = await editor.verdict(id, { withdraw: true, reason: 'nothing to withdraw' });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ status: 409, rule: 'no-verdict-to-withdraw' });
      expect(await versionOf(id)).toBe(2);
    });

    it('retries on a concurrent write when the client did not pin a version', async () => {
      const { id } = (await reporter.report()).json();
      const publishers = ['one', 'two', 'three', 'four', 'five'];
      const results = await Promise.all(
        publishers.map((p) => reporter.evidence(id, { publisher: `Outlet ${p}`, stance: 'neutral' })),
      );
      expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
      expect(new Set(results.map((r) => r.json().version))).toEqual(new Set([3, 4, 5, 6, 7]));
      expect((await reporter.get(id)).json().evidence).toHaveLength(5);
    });

    it('marks duplicates and then refuses changes to them', async () => {
      const original = (await reporter.report()).json().id;
      const copy = (await reporter.report()).json().id;
      const res = await editor.call('POST', `/claims/${copy}/duplicate-of`, {
        duplicateOf: original,
        reason: 'the same claim',
      });
      expect(res.statusCode).toBe(200);
      expect((await reporter.get(copy)).json().duplicateOf).toBe(original);
      const refused = await reporter.evidence(copy, { publisher: 'ap', stance: 'supports' });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().rule).toBe('claim-is-duplicate');
      const toMissing = await editor.call('POST', `/claims/${original}/duplicate-of`, {
        duplicateOf: '00000000-0000-4000-8000-000000000000',
        reason: 'x',
      });
      expect(toMissing.statusCode).toBe(404);
    });
  });

  describe('corroboration requests', () => {
    it('accepts a re-run once the running round is past its deadline, with 202', async () => {
      const short = await startApi({ CORROBORATION_DEADLINE_MS: '1000' });
      try {
        const client = claimClient(short, await createKey(short, 'editor'));
        const { id } = (await client.report()).json();
        const busy = await client.call('POST', `/claims/${id}/corroborate`);
        expect(busy.statusCode).toBe(409);
        expect(busy.json().rule).toBe('corroboration-in-progress');
        await new Promise((resolve) => setTimeout(resolve, 1100));
        const res = await client.call('POST', `/claims/${id}/corroborate`, { sources: ['archive'] });
        expect(res.statusCode).toBe(202);
        expect((await client.get(id)).json().corroboration.map((r: { sources: string[] }) => r.sources)).toEqual([
          ['archive', 'claim-review', 'cited-urls'],
          ['archive'],
        ]);
      } finally {
        await short.close();
      }
    });
  });

  describe('Idempotency-Key', () => {
    it('returns the first response to a retry and appends nothing', async () => {
      const headers = { 'idempotency-key': 'report-once' };
      const first = await reporter.report({ text: 'idempotent claim' }, headers);
      const retry = await reporter.report({ text: 'idempotent claim' }, headers);
      expect(retry.statusCode).toBe(201);
      expect(retry.json()).toEqual(first.json());
      expect(retry.headers.location).toBe(first.headers.location);
      expect((await auditor.events(first.json().id)).json().items).toHaveLength(2);
    });

    it('answers 422 when the key is reused for a different request', async () => {
      const headers = { 'idempotency-key': 'reused-key' };
      const first = await reporter.report({ text: 'first' }, headers);
      const other = await reporter.report({ text: 'second' }, headers);
      expect(other.statusCode).toBe(422);
      expect(other.json().type).toMatch(/idempotency-conflict$/);
      expect((await auditor.events(first.json().id)).json().items).toHaveLength(2);
    });

    it('gives two concurrent requests with one key the same response and one set of events', async () => {
      const headers = { 'idempotency-key': 'concurrent-report' };
      const [a, b] = await Promise.all([
        reporter.report({ text: 'concurrent' }, headers),
        reporter.report({ text: 'concurrent' }, headers),
      ]);
      expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
      expect(a.json()).toEqual(b.json());
      const page = (await reporter.call('GET', '/claims?q=concurrent&limit=100')).json();
      expect(page.items).toHaveLength(1);

      const evidenceHeaders = { 'idempotency-key': 'concurrent-evidence' };
      const body = { publisher: 'ap', stance: 'supports', url: 'https://apnews.com/concurrent' };
      const [x, y] = await Promise.all([
        reporter.evidence(a.json().id, body, evidenceHeaders),
        reporter.evidence(a.json().id, body, evidenceHeaders),
      ]);
      expect(x.json()).toEqual(y.json());
      expect((await reporter.get(a.json().id)).json().evidence).toHaveLength(1);
    });

    it('keeps keys apart per API key', async () => {
      const headers = { 'idempotency-key': 'shared-name' };
      const mine = await reporter.report({ text: 'mine' }, headers);
      const theirs = await editor.report({ text: 'theirs' }, headers);
      expect(theirs.statusCode).toBe(201);
      expect(theirs.json().id).not.toBe(mine.json().id);
    });

    it('attaches the same evidence once even without a key', async () => {
      const { id } = (await reporter.report()).json();
      const body = { publisher: 'ap', stance: 'supports', url: 'https://apnews.com/same' };
      const first = await reporter.evidence(id, body);
      const again = await reporter.evidence(id, body);
      expect(again.json()).toEqual(first.json());
    });
  });

  describe('GET /claims', () => {
    let list: ReturnType<typeof claimClient>;
    let listApi: ApiHarness;
    beforeAll(async () => {
      listApi = await startApi();
      list = claimClient(listApi, await createKey(listApi, 'editor'));
      for (const p of TEST_PUBLISHERS) await list.publisher(p);
    });
    afterAll(() => listApi.close());

    it('pages newest first with an opaque cursor that stays correct when claims are added', async () => {
      const ids: string[] = [];
      for (const n of [1, 2, 3, 4, 5]) ids.push((await list.report({ text: `paged claim ${n}` })).json().id);
      const first = (await list.call('GET', '/claims?limit=2&q=paged')).json();
      expect(first.items.map((c: { id: string }) => c.id)).toEqual([ids[4], ids[3]]);
      await list.report({ text: 'paged claim 6, added between pages' });
      const second = (await list.call('GET', `/claims?limit=2&q=paged&cursor=${first.nextCursor}`)).json();
      expect(second.items.map((c: { id: string }) => c.id)).toEqual([ids[2], ids[1]]);
      const third = (await list.call('GET', `/claims?limit=2&q=paged&cursor=${second.nextCursor}`)).json();
      expect(third).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
    });

    it('filters by status, publisher, words and time', async () => {
      const before = new Date();
      const sky = (await list.report({ text: 'filtered sky claim', article })).json().id;
      const plain = (await list.report({ text: 'filtered plain claim' })).json().id;
      await list.evidence(plain, { publisher: 'ap', stance: 'refutes' });
      const ids = async (query: string) =>
        (await list.call('GET', `/claims?limit=100&${query}`)).json().items.map((c: { id: string }) => c.id);
      expect(await ids('status=denied')).toEqual([plain]);
      expect(await ids('publisher=sky-news')).toEqual([sky]);
      expect(await ids('publisher=Sky%20News')).toEqual([sky]);
      expect(await ids('q=filtered%20SKY')).toEqual([sky]);
      expect(await ids(`since=${encodeURIComponent(before.toISOString())}`)).toEqual([plain, sky]);
      expect(await ids(`since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);
    });

    it('rejects a cursor it did not issue', async () => {
      const res = await list.call('GET', '/claims?cursor=bm9wZQ');
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    });
  });
});
