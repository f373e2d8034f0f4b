import { randomUUID } from 'node:crypto';
import { EventStore } from '@claimtrail/event-store';
import { ApiHarness, startApi } from './support/api-harness';
import { createKey } from './support/api-keys';
import { claimClient, TEST_PUBLISHERS } from './support/claim-client';

/**
 * The attribution is part of the claim: recorded with the report, shown by the reads, used by
 * the policy (a denial is never read as its opposite), and claims reported before it existed
 * (schema version 1) still read, replay and verify.
 */
describe('claim attribution (e2e)', () => {
  let api: ApiHarness;
  let reporter: ReturnType<typeof claimClient>;
  let editor: ReturnType<typeof claimClient>;
  let auditor: ReturnType<typeof claimClient>;

  beforeAll(async () => {
    api = await startApi();
    reporter = claimClient(api, await createKey(api, 'reporter'));
    editor = claimClient(api, await createKey(api, 'editor'));
    auditor = claimClient(api, await createKey(api, 'auditor'));
    for (const publisher of TEST_PUBLISHERS) expect((await editor.publisher(publisher)).statusCode).toBe(201);
  });
  afterAll(() => api.close());

  const denial = {
    text: 'Kyiv had any involvement',
    claimant: 'Mykhailo Podolyak',
    attribution: { verb: 'denied', kind: 'denies', quote: 'indirect' },
  };

  it('records a denial, shows it, and reads evidence for the proposition as refuting the denial', async () => {
    const reported = await reporter.report(denial);
    expect(reported.statusCode).toBe(201);
    const { id } = reported.json();
    expect((await reporter.get(id)).json()).toMatchObject({
      text: 'Kyiv had any involvement',
      attribution: { verb: 'denied', kind: 'denies', quote: 'indirect', checkable: true, negated: false },
      status: 'reported',
    });

    // Stances are recorded toward the text: these say Kyiv WAS involved. (An editor attaches them: one
    // reporter key's hand-attached evidence counts as one source at most, see test/security.)
    await editor.evidence(id, {
      publisher: 'Reuters',
      stance: 'supports',
      excerpt: 'Investigators traced the operation to Kyiv',
    });
    const res = await editor.evidence(id, {
      publisher: 'bbc',
      stance: 'supports',
      excerpt: 'Kyiv was behind it, officials confirmed',
    });
    expect(res.json().status).toBe('denied');
    const claim = (await reporter.get(id)).json();
    expect(claim.reasons.map((r: { rule: string }) => r.rule)).toEqual(['credible-refutation', 'denial-polarity']);
    expect(claim.evidence.map((e: { stance: string }) => e.stance)).toEqual(['supports', 'supports']);
  });

  it('corroborates a denial that independent sources back (they refute the proposition)', async () => {
    const { id } = (await reporter.report(denial)).json();
    await editor.evidence(id, { publisher: 'ap', stance: 'refutes' });
    expect((await editor.evidence(id, { publisher: 'Le Monde', stance: 'refutes' })).json().status).toBe(
      'corroborated',
    );
  });

  it('records an opinion as unverified at once (not-checkable), with no corroboration round', async () => {
    const reported = await reporter.report({
      text: 'the sanctions are working',
      attribution: { verb: 'believes', kind: 'believes' },
    });
    expect(reported.json()).toMatchObject({ status: 'unverified', version: 2 });
    const { id } = reported.json();
    const claim = (await reporter.get(id)).json();
    expect(claim).toMatchObject({
      attribution: { kind: 'believes', checkable: false },
      corroboration: [],
      reasons: [{ rule: 'not-checkable' }],
    });

    const corroborate = await editor.call('POST', `/claims/${id}/corroborate`, {});
    expect(corroborate.statusCode).toBe(409);
    expect(corroborate.json()).toMatchObject({ rule: 'claim-not-checkable' });
    // Evidence is still recorded; an editor may still decide.
    expect((await editor.evidence(id, { publisher: 'bbc', stance: 'supports' })).json().status).toBe('unverified');
    expect(
      (await editor.verdict(id, { status: 'corroborated', reason: 'the sanctions data bear it out' })).json().status,
    ).toBe('corroborated');
  });

  it('filters the list by checkable and by kind', async () => {
    const vow = (
      await reporter.report({
        text: `we will rebuild the bridge ${randomUUID()}`,
        attribution: { verb: 'vowed', kind: 'promises' },
      })
    ).json();
    const denied = (await reporter.report(denial)).json();
    const ids = async (query: string) =>
      (await reporter.call('GET', `/claims?limit=100&${query}`)).json().items.map((c: { id: string }) => c.id);

    const opinions = await ids('checkable=false');
    expect(opinions).toContain(vow.id);
    expect(opinions).not.toContain(denied.id);
    const checkable = await ids('checkable=true');
    expect(checkable).toContain(denied.id);
    expect(checkable).not.toContain(vow.id);
    const denials = await ids('kind=denies');
    expect(denials).toContain(denied.id);
    expect(denials).not.toContain(vow.id);
    const page = (await reporter.call('GET', '/claims?kind=promises')).json();
    expect(page.items[0]).toMatchObject({
      id: vow.id,
      attribution: { kind: 'promises', verb: 'vowed', checkable: false },
    });
  });

  it.each([
    [{ kind: 'shouts' }, 'attribution.kind', 'invalid_value'],
    [{ quote: 'partly' }, 'attribution.quote', 'invalid_value'],
    [{ checkable: 'yes' }, 'attribution.checkable', 'invalid_type'],
    [{ negated: true, checkable: true }, 'attribution.checkable', 'custom'],
    [{ verb: '' }, 'attribution.verb', 'too_small'],
    [{ tone: 'angry' }, 'attribution.tone', 'unrecognized_key'],
  ])('refuses attribution %j with a 400 naming %s', async (attribution, field, rule) => {
    const res = await reporter.report({ attribution });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().errors).toContainEqual(expect.objectContaining({ field, rule }));
  });

  it('refuses a malformed list filter with a 400', async () => {
    for (const [query, field] of [
      ['checkable=maybe', 'checkable'],
      ['kind=shouts', 'kind'],
    ]) {
      const res = await reporter.call('GET', `/claims?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toContainEqual(expect.objectContaining({ field }));
    }
  });

  it('reads, replays, extends and verifies a claim reported before attributions were recorded (schema version 1)', async () => {
    const id = randomUUID();
    const v1 = {
      claimId: id,
      text: 'The drones were assembled in Xinjiang',
      claimant: 'Reuters',
      citedUrls: [],
      language: 'en',
      reportedAt: new Date().toISOString(),
    };
    const appended = await api.app
      .get(EventStore)
      .appendToStream(`claim-${id}`, [{ type: 'ClaimReported', data: v1, schemaVersion: 1 }], {
        expectedVersion: 'no_stream',
      });

    const read = await reporter.call('GET', `/claims/${id}?minPosition=${appended.lastPosition}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      status: 'reported',
      attribution: { verb: null, kind: 'asserts', quote: null, checkable: true, negated: false },
    });

    // The write side folds it through the same upcaster, so new evidence decides on it as a checkable assertion.
    await editor.evidence(id, { publisher: 'ap', stance: 'supports' });
    expect((await editor.evidence(id, { publisher: 'bbc', stance: 'supports' })).json().status).toBe('corroborated');
    expect((await auditor.call('GET', `/claims/${id}/status`)).json()).toMatchObject({
      status: 'corroborated',
      version: 4,
    });

    const history = (await auditor.events(id)).json().items;
    expect(history[0]).toMatchObject({
      type: 'ClaimReported',
      schemaVersion: 2,
      data: { attribution: { kind: 'asserts' } },
    });
    expect(history[1].schemaVersion).toBe(3);
    const verify = (await auditor.call('GET', '/audit/verify')).json();
    expect(verify).toMatchObject({ ok: true, firstBrokenPosition: null });
    // The export holds the row as stored: version 1, no attribution.
    const exported = await auditor.call('GET', `/audit/events?stream=claim-${id}`);
    const first = JSON.parse(exported.body.split('\n')[0]);
    expect(first).toMatchObject({ type: 'ClaimReported', schemaVersion: 1 });
    expect(first.data.attribution).toBeUndefined();
  });
});
