import { randomUUID } from 'node:crypto';
import { ApiHarness, startApi } from '../support/api-harness';
import { createKey } from '../support/api-keys';
import { claimClient, TEST_PUBLISHERS } from '../support/claim-client';
import { deleteQueueKeys, eventually, startWorker, uniqueQueuePrefix, WorkerHarness } from '../support/worker-harness';

interface Evidence {
  evidenceId: string;
  publisher: string;
  stance: string;
  url: string;
  attachedBy: {
    kind: string;
    keyId?: string;
    role?: string;
    source?: string;
    postedBy?: { keyId: string; role: string };
  };
  confirmedBy?: { keyId: string; role: string; reason: string };
}
interface ClaimBody {
  status: string;
  reasons: { rule: string; evidenceIds: string[] }[];
  evidence: Evidence[];
  corroboration: { reason?: { url: string }; outcome: unknown }[];
}

/**
 * Issue 13, finding 3: one reporter cannot manufacture a verdict. Evidence records who attached it;
 * one key's hand-attached evidence counts as one source at most until an editor confirms it;
 * naming a registered publisher on a page off its domain attributes the page to an unrated
 * publisher named after the host, and unrated publishers do not decide (POLICY_UNRATED_CAN_DECIDE);
 * what a worker reads from articles one key posted counts as that key's word, like evidence it attached.
 */
describe('evidence provenance and publisher trust (e2e)', () => {
  let api: ApiHarness;
  let worker: WorkerHarness;
  let reporter: ReturnType<typeof claimClient>;
  let otherReporter: ReturnType<typeof claimClient>;
  let editor: ReturnType<typeof claimClient>;
  let auditor: ReturnType<typeof claimClient>;
  const prefix = uniqueQueuePrefix();
  // Only the archive: a claim's first round finds nothing and ends at once; later articles start re-checks.
  // The tests poll claims every 50 ms while the workers run: not what the rate limit is for.
  const env = {
    QUEUE_PREFIX: prefix,
    CORROBORATION_SOURCES: 'archive',
    EVENT_STORE_POLL_INTERVAL_MS: '50',
    RATE_LIMIT_PER_MINUTE: '100000',
  };

  beforeAll(async () => {
    api = await startApi(env);
    worker = await startWorker(api.database.url, env);
    reporter = claimClient(api, await createKey(api, 'reporter'));
    otherReporter = claimClient(api, await createKey(api, 'reporter'));
    editor = claimClient(api, await createKey(api, 'editor'));
    auditor = claimClient(api, await createKey(api, 'auditor'));
    for (const publisher of TEST_PUBLISHERS) expect((await editor.publisher(publisher)).statusCode).toBe(201);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await deleteQueueKeys(prefix);
  });

  const claimOf = async (id: string) => (await reporter.get(id)).json() as ClaimBody;
  const rulesOf = (claim: ClaimBody) => claim.reasons.map((r) => r.rule);
  /**
   * A claim whose first round (the archive) has finished: evidence alone decides from here. Each
   * test's claim is on its own topic, so the archive articles one test posts never touch another's.
   */
  const settledClaim = async (text: string) => {
    const { id } = (await reporter.report({ text, claimant: 'a port official' })).json() as { id: string };
    await eventually(async () => (await claimOf(id)).status === 'unverified', 'the first round found nothing');
    return id;
  };
  /** An archive article that repeats `text` as established fact (the stance model reads it as agreeing). */
  const articleFor = (text: string, a: { title: string; publisher: string; url: string; aside: string }) => ({
    title: a.title,
    publisher: a.publisher,
    url: a.url,
    publishedAt: new Date().toISOString(),
    body: `Port records confirmed that ${text.charAt(0).toLowerCase()}${text.slice(1)}. ${a.aside}`,
  });
  /** Re-check rounds (started by a new archive article) that have finished. */
  const rechecked = (c: ClaimBody) => c.corroboration.filter((r) => r.reason && r.outcome).length;
  const keyIdOf = async (id: string, evidenceType = 'EvidenceAttached') => {
    const items = (await auditor.events(id)).json().items as { type: string; metadata: { actor: { keyId: string } } }[];
    return items.find((e) => e.type === evidenceType)!.metadata.actor.keyId;
  };

  it('(a) one reporter key attaching two items from invented publishers does not corroborate; it records who attached them', async () => {
    const id = await settledClaim('The Tromso cable car carried its millionth passenger in winter');
    await reporter.evidence(id, {
      publisher: 'The Kerch Observer',
      stance: 'supports',
      url: 'https://kerch-observer.example/a',
    });
    const res = await reporter.evidence(id, {
      publisher: 'Black Sea Shipping News',
      stance: 'supports',
      url: 'https://bssn.example/b',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('unverified');

    const claim = await claimOf(id);
    expect(claim.status).toBe('unverified');
    expect(rulesOf(claim)).toContain('unrated-publisher-not-weighed');
    const keyId = await keyIdOf(id);
    expect(claim.evidence.map((e) => e.attachedBy)).toEqual([
      { kind: 'person', keyId, role: 'reporter' },
      { kind: 'person', keyId, role: 'reporter' },
    ]);
  });

  it('(a) one reporter key attaching two rated, independent publishers counts as one source; two keys count as two', async () => {
    const id = await settledClaim('Goats grazing in Lisbon parks cut mowing costs by half');
    await reporter.evidence(id, { publisher: 'Reuters', stance: 'supports' });
    await reporter.evidence(id, { publisher: 'BBC', stance: 'supports' });
    const claim = await claimOf(id);
    expect(claim.status).toBe('unverified');
    const capped = claim.reasons.find((r) => r.rule === 'same-key-counted-once');
    expect(capped?.evidenceIds.sort()).toEqual(claim.evidence.map((e) => e.evidenceId).sort());

    const control = await settledClaim('A Tasmanian orchard grew apples shaped like stars');
    await reporter.evidence(control, { publisher: 'Reuters', stance: 'supports' });
    await otherReporter.evidence(control, { publisher: 'BBC', stance: 'supports' });
    expect((await claimOf(control)).status).toBe('corroborated');
  });

  it('(b) an article posted as "Sky News" on a URL off Sky News’ domain belongs to the host’s unrated publisher and cannot decide', async () => {
    const text = 'The Kerch ferry line resumed night crossings in June';
    const id = await settledClaim(text);
    // One rated, independent source already: a second one would corroborate.
    await editor.evidence(id, { publisher: 'Reuters', stance: 'supports' });
    expect((await claimOf(id)).status).toBe('unverified');

    const article = (publisher: string, url: string, aside: string) =>
      articleFor(text, { title: 'Night ferries are back', publisher, url, aside });
    const planted = await reporter.call(
      'POST',
      '/articles',
      article(
        'Sky News',
        'https://news.sky.com.example.org/story/kerch-night-ferries',
        'Sky News reviewed the timetables.',
      ),
    );
    expect(planted.statusCode).toBe(201);
    expect((await reporter.call('GET', '/publishers/news-sky-com-example-org-unrated')).json()).toMatchObject({
      name: 'news.sky.com.example.org (unrated)',
      domain: 'news.sky.com.example.org',
      reliability: null,
    });

    let claim!: ClaimBody;
    await eventually(
      async () => rechecked((claim = await claimOf(id))) === 1,
      'the planted article’s re-check finished',
    );
    const plantedEvidence = claim.evidence.find((e) => e.url.includes('news.sky.com.example.org'));
    expect(plantedEvidence).toMatchObject({
      publisher: 'news-sky-com-example-org-unrated',
      stance: 'supports',
      attachedBy: { kind: 'worker', source: 'archive' },
    });
    expect(claim.status).toBe('unverified');
    expect(claim.reasons).toContainEqual(
      expect.objectContaining({ rule: 'unrated-publisher-not-weighed', evidenceIds: [plantedEvidence!.evidenceId] }),
    );

    // The same story on Sky News' own domain is Sky News', and decides.
    const genuine = await reporter.call(
      'POST',
      '/articles',
      article('Sky News', 'https://news.sky.com/story/kerch-night-ferries', 'Sky News reviewed the port timetables.'),
    );
    expect(genuine.statusCode).toBe(201);
    await eventually(
      async () => (claim = await claimOf(id)).status === 'corroborated',
      () =>
        `the genuine article decided: ${JSON.stringify({ reasons: claim.reasons, evidence: claim.evidence, rounds: claim.corroboration })}`,
    );
    expect(claim.evidence.find((e) => e.url === 'https://news.sky.com/story/kerch-night-ferries')?.publisher).toBe(
      'sky-news',
    );
  }, 120_000);

  it('(c) evidence an editor confirms counts beyond the reporter key’s one source', async () => {
    const id = await settledClaim('The lighthouse keepers of Valparaiso painted every tower purple');
    await reporter.evidence(id, { publisher: 'Reuters', stance: 'supports' });
    await reporter.evidence(id, { publisher: 'BBC', stance: 'supports' });
    let claim = await claimOf(id);
    expect(claim.status).toBe('unverified');

    const bbc = claim.evidence.find((e) => e.publisher === 'bbc')!;
    // Reporters may not confirm; an unknown piece of evidence is a 404; a reason is required.
    const path = `/claims/${id}/evidence/${bbc.evidenceId}/confirm`;
    expect((await reporter.call('POST', path, { reason: 'I checked it myself' })).statusCode).toBe(403);
    expect(
      (await editor.call('POST', `/claims/${id}/evidence/${randomUUID()}/confirm`, { reason: 'x' })).statusCode,
    ).toBe(404);
    const noReason = await editor.call('POST', path, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors).toContainEqual(expect.objectContaining({ field: 'reason' }));

    const confirmed = await editor.call('POST', path, { reason: 'Read the BBC page: it says so' });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().status).toBe('corroborated');
    claim = await claimOf(id);
    expect(claim.reasons[0].rule).toBe('independent-support');
    const editorKeyId = await keyIdOf(id, 'EvidenceConfirmed');
    expect(claim.evidence.find((e) => e.evidenceId === bbc.evidenceId)?.confirmedBy).toMatchObject({
      keyId: editorKeyId,
      role: 'editor',
      reason: 'Read the BBC page: it says so',
    });
    // Confirming again changes nothing.
    const again = await editor.call('POST', path, { reason: 'Read the BBC page: it says so' });
    expect(again.json().version).toBe(confirmed.json().version);
  });

  it('(d) articles one reporter key posts on two rated publishers’ own domains count as one source until an editor confirms one', async () => {
    const text = 'The Narvik harbour crane lifted a record load of iron ore in March';
    const id = await settledClaim(text);
    for (const [publisher, url] of [
      ['Reuters', 'https://reuters.com/world/narvik-crane-record-load'],
      ['BBC', 'https://bbc.co.uk/news/narvik-crane-record-load'],
    ]) {
      const posted = await reporter.call(
        'POST',
        '/articles',
        articleFor(text, {
          title: 'A record lift at Narvik',
          publisher,
          url,
          aside: 'The crane operator confirmed it.',
        }),
      );
      expect(posted.statusCode).toBe(201);
    }
    let claim!: ClaimBody;
    await eventually(
      async () => {
        claim = await claimOf(id);
        return claim.evidence.length === 2 && rechecked(claim) >= 1 && claim.corroboration.every((r) => r.outcome);
      },
      () => `both articles were read and no round is open: ${JSON.stringify(claim)}`,
    );
    const reporterKeyId = await keyIdOf(id, 'ClaimReported');
    const postedBy = { keyId: reporterKeyId, role: 'reporter' };
    expect(claim.evidence.map(({ publisher, stance, attachedBy }) => ({ publisher, stance, attachedBy }))).toEqual(
      expect.arrayContaining([
        { publisher: 'reuters', stance: 'supports', attachedBy: { kind: 'worker', source: 'archive', postedBy } },
        { publisher: 'bbc', stance: 'supports', attachedBy: { kind: 'worker', source: 'archive', postedBy } },
      ]),
    );
    expect(claim.status).toBe('unverified');
    const capped = claim.reasons.find((r) => r.rule === 'same-key-counted-once');
    expect(capped?.evidenceIds.sort()).toEqual(claim.evidence.map((e) => e.evidenceId).sort());

    // An editor who read the BBC's page vouches for it: two independent sources now.
    const bbc = claim.evidence.find((e) => e.publisher === 'bbc')!;
    const confirmed = await editor.call('POST', `/claims/${id}/evidence/${bbc.evidenceId}/confirm`, {
      reason: 'The BBC page says so',
    });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().status).toBe('corroborated');
  }, 120_000);
});
