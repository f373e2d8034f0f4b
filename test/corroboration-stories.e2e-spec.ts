import { ApiHarness, startApi } from './support/api-harness';
import { createKey } from './support/api-keys';
import { claimClient } from './support/claim-client';
import { deleteQueueKeys, eventually, startWorker, uniqueQueuePrefix, WorkerHarness } from './support/worker-harness';

interface Evidence {
  url: string;
  stance: string;
  reason: string;
}

const article = (slug: string, publisher: string, title: string, body: string) => ({
  url: `https://${publisher.toLowerCase().replace(/\W+/g, '')}.example/${slug}`,
  publisher,
  title,
  publishedAt: '2026-11-02T09:00:00Z',
  body,
});

// Two articles about the claim's story (one reporting it, one disputing it) and two about other stories
// that share its words: the same month, "record" and "grain" in Iowa; the same city and month in Odesa.
const SUPPORTS = article(
  'odesa-grain-record',
  'Black Sea Wire',
  'Odesa grain exports hit a record in October',
  'Ukraine shipped a record 6 million tonnes of grain through the port of Odesa in October, the port authority said ' +
    'on Monday, the highest monthly total since the start of the war. Officials said the corridor through the Black Sea ' +
    'had held despite attacks on port infrastructure. Traders confirmed the figure, citing loading data from the terminals.',
);
const DISPUTES = article(
  'ministry-disputes-record',
  'Kyiv Ledger',
  'Ministry disputes Odesa grain record',
  'The agriculture ministry said on Tuesday that reports of a record 6 million tonnes of grain exported through Odesa in ' +
    'October were false. According to the ministry, Ukraine exported 4.1 million tonnes through Odesa that month, below ' +
    'the September total. The port authority has not explained the discrepancy.',
);
const IOWA = article(
  'iowa-silos',
  'Prairie Courier',
  'Record rain floods Iowa grain silos',
  'Record rainfall in October flooded dozens of grain silos across Iowa, farmers said, ruining millions of bushels of ' +
    'corn. The state agriculture department estimated losses at 40 million dollars and said federal aid had been requested.',
);
const OPERA = article(
  'opera-reopens',
  'Odesa Arts Review',
  'Odesa opera house reopens',
  "Odesa's opera house reopened in October after repairs to its roof, which was damaged in a storm last winter. The " +
    "first performance, a production of Verdi's Aida, sold out within an hour, the theatre said.",
);

/**
 * Articles on different stories ingested through POST /articles; a claim reported through POST /claims;
 * the real worker (relay, archive source with the stance model, projections). The claim must get evidence
 * only from the articles about it, each read the right way round.
 */
describe('a claim gets evidence only from the articles about its story (e2e)', () => {
  let api: ApiHarness;
  let worker: WorkerHarness;
  let evidence: Evidence[];
  const prefix = uniqueQueuePrefix();
  const env = { QUEUE_PREFIX: prefix, CORROBORATION_SOURCES: 'archive', EVENT_STORE_POLL_INTERVAL_MS: '50' };

  beforeAll(async () => {
    api = await startApi(env);
    worker = await startWorker(api.database.url, env);
    const reporter = claimClient(api, await createKey(api, 'reporter'));
    for (const a of [SUPPORTS, DISPUTES, IOWA, OPERA])
      expect((await reporter.call('POST', '/articles', a)).statusCode).toBe(201);
    const reported = await reporter.report({
      text: 'Ukraine exported a record 6 million tonnes of grain through Odesa in October',
      claimant: 'the port authority',
    });
    expect(reported.statusCode).toBe(201);
    const { id } = reported.json() as { id: string };
    await eventually(async () => {
      const claim = (await reporter.get(id)).json() as { status: string; evidence: Evidence[] };
      evidence = claim.evidence;
      return claim.status !== 'reported';
    }, 'the claim left reported');
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await deleteQueueKeys(prefix);
  });

  it('attaches nothing from the articles about other stories', () => {
    const urls = evidence.map((e) => e.url);
    expect(urls).not.toContain(IOWA.url);
    expect(urls).not.toContain(OPERA.url);
  });

  it('reads the report of the claim as support and the dispute of it never as support', () => {
    expect(evidence).toContainEqual(expect.objectContaining({ url: SUPPORTS.url, stance: 'supports' }));
    for (const e of evidence.filter((e) => e.url === DISPUTES.url)) expect(e.stance).not.toBe('supports');
    for (const e of evidence) expect(e.reason).toMatch(/^stance-mlp-1@[0-9a-f]{12}: /);
  });
});
