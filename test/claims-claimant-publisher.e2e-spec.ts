import { ApiHarness, startApi } from './support/api-harness';
import { createKey } from './support/api-keys';
import { claimClient, TEST_PUBLISHERS } from './support/claim-client';

/** A claimant that is a registry publisher ("Reuters reported that…") cannot corroborate its own claim. */
describe('claims by a publisher (e2e)', () => {
  let api: ApiHarness;
  let reporter: ReturnType<typeof claimClient>;
  let auditor: ReturnType<typeof claimClient>;
  /** Attaches the evidence: one reporter key's hand-attached evidence would count as one source at most. */
  let editor: ReturnType<typeof claimClient>;

  beforeAll(async () => {
    api = await startApi();
    reporter = claimClient(api, await createKey(api, 'reporter'));
    auditor = claimClient(api, await createKey(api, 'auditor'));
    editor = claimClient(api, await createKey(api, 'editor'));
    for (const publisher of TEST_PUBLISHERS) expect((await editor.publisher(publisher)).statusCode).toBe(201);
  });
  afterAll(() => api.close());

  const article = {
    url: 'https://news.sky.com/story/garpiya',
    title: 'Garpiya-3',
    publisher: 'Sky News',
    publishedAt: '2024-09-26T06:00:00Z',
  };
  const reportedData = async (id: string) => {
    const [first] = (await auditor.events(id)).json().items;
    expect(first.type).toBe('ClaimReported');
    return first.data as Record<string, unknown>;
  };

  it('records a registry publisher as the claimant’s publisher, and does not let its own reporting corroborate the claim', async () => {
    const res = await reporter.report({ text: 'Kupol developed the Garpiya-3 in China', claimant: 'Reuters', article });
    expect(res.statusCode).toBe(201);
    const { id } = res.json();
    expect(await reportedData(id)).toMatchObject({ claimant: 'Reuters', claimantPublisher: 'reuters' });

    await editor.evidence(id, { publisher: 'Reuters', stance: 'supports' });
    const afterBbc = await editor.evidence(id, { publisher: 'BBC', stance: 'supports' });
    expect(afterBbc.json().status).toBe('reported');
    const afterAp = await editor.evidence(id, { publisher: 'ap', stance: 'supports' });
    expect(afterAp.json().status).toBe('corroborated');
    const claim = (await reporter.get(id)).json();
    expect(claim.reasons.map((r: { rule: string }) => r.rule)).toContain('claimant-own-reporting-excluded');
  });

  it('matches the claimant by domain, any case', async () => {
    const { id } = (await reporter.report({ claimant: 'REUTERS.COM' })).json();
    expect(await reportedData(id)).toMatchObject({ claimantPublisher: 'reuters' });
  });

  it('adds no publisher for a claimant the registry does not know', async () => {
    const res = await reporter.report({ claimant: 'a western official', article });
    expect(res.statusCode).toBe(201);
    expect(await reportedData(res.json().id)).not.toHaveProperty('claimantPublisher');
    expect((await reporter.call('GET', '/publishers/a-western-official')).statusCode).toBe(404);
  });
});
