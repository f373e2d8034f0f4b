import { ApiHarness, startApi } from './support/api-harness';
import { createKey } from './support/api-keys';
import { claimClient, TEST_PUBLISHERS } from './support/claim-client';
import { deleteQueueKeys, eventually, startWorker, uniqueQueuePrefix, WorkerHarness } from './support/worker-harness';

interface ClaimBody {
  status: string;
  evidence: { publisher: string; stance: string; url: string }[];
  corroboration: { requestId: string; reason?: { kind: string; url: string }; outcome: unknown }[];
}

describe('Re-checks on new reporting: a later article starts a round for the open claims it relates to', () => {
  let api: ApiHarness;
  let worker: WorkerHarness;
  const prefix = uniqueQueuePrefix();
  const env = { QUEUE_PREFIX: prefix, CORROBORATION_SOURCES: 'archive', EVENT_STORE_POLL_INTERVAL_MS: '50' };

  beforeAll(async () => {
    api = await startApi(env);
    worker = await startWorker(api.database.url, env);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await deleteQueueKeys(prefix);
  });

  it('settles a claim reported first when supporting articles are ingested later, with no one asking', async () => {
    const reporter = claimClient(api, await createKey(api, 'reporter'));
    const editor = claimClient(api, await createKey(api, 'editor'));
    for (const p of TEST_PUBLISHERS) await editor.publisher(p);
    const text = 'The Kerch ferry line resumed daily crossings in March';
    const { id } = (await reporter.report({ text, claimant: 'a port official' })).json() as { id: string };
    const unrelated = (
      await reporter.report({
        text: 'The lighthouse keepers of Valparaiso voted to paint every tower purple',
        claimant: 'a harbour official',
      })
    ).json() as { id: string };
    let claim!: ClaimBody;
    await eventually(
      async () => (claim = (await reporter.get(id)).json() as ClaimBody).status === 'unverified',
      'the first round found nothing',
    );
    expect(claim.evidence).toHaveLength(0);

    const article = (publisher: string, url: string) => ({
      title: 'Ferries are back',
      publisher,
      url,
      publishedAt: new Date().toISOString(),
      body: `Port records confirmed that the Kerch ferry line resumed daily crossings in March. ${publisher} reviewed the timetables.`,
    });
    // The wire feed posts with an editor's key: two articles one reporter key posted would count as one source.
    expect(
      (await editor.call('POST', '/articles', article('reuters', 'https://www.reuters.com/world/kerch-ferries')))
        .statusCode,
    ).toBe(201);
    const roundsFinished = (c: ClaimBody) => c.corroboration.filter((r) => r.reason && r.outcome).length;
    await eventually(
      async () => roundsFinished((claim = (await reporter.get(id)).json() as ClaimBody)) === 1,
      'the first re-check finished',
    );
    // One source is not enough: the claim stays unverified, now with Reuters' support.
    expect(claim.status).toBe('unverified');
    expect(claim.evidence.map((e) => e.publisher)).toEqual(['reuters']);

    expect(
      (await editor.call('POST', '/articles', article('ap', 'https://apnews.com/article/kerch-ferries'))).statusCode,
    ).toBe(201);

    await eventually(
      async () => (claim = (await reporter.get(id)).json() as ClaimBody).status === 'corroborated',
      'the later articles corroborated the claim',
    );
    const rechecks = claim.corroboration.filter((round) => round.reason);
    expect(rechecks.map((r) => r.reason)).toEqual([
      { kind: 'new-reporting', articleId: expect.any(String), url: 'https://www.reuters.com/world/kerch-ferries' },
      { kind: 'new-reporting', articleId: expect.any(String), url: 'https://apnews.com/article/kerch-ferries' },
    ]);
    expect(new Set(claim.evidence.filter((e) => e.stance === 'supports').map((e) => e.publisher))).toEqual(
      new Set(['reuters', 'ap']),
    );

    const auditor = claimClient(api, await createKey(api, 'auditor'));
    const history = (await auditor.events(id)).json() as {
      items: { type: string; data: { reason?: unknown }; metadata: { actor: { keyId: string } } }[];
    };
    const requested = history.items.filter((e) => e.type === 'CorroborationRequested' && e.data.reason);
    expect(requested.every((e) => e.metadata.actor.keyId === 'recheck-relay')).toBe(true);

    // The article says nothing about the other open claim: no round was started for it.
    const other = (await reporter.get(unrelated.id)).json() as ClaimBody;
    expect(other.corroboration.filter((round) => round.reason)).toHaveLength(0);
  });
});
