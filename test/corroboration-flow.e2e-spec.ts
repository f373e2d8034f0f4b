import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '@claimtrail/config';
import { loadSeeds, SEEDS_DIR } from '../apps/cli/src/load-seeds';
import { ApiHarness, startApi } from './support/api-harness';
import { createKey } from './support/api-keys';
import { claimClient } from './support/claim-client';
import { deleteQueueKeys, eventually, startWorker, uniqueQueuePrefix, WorkerHarness } from './support/worker-harness';

interface ClaimBody {
  status: string;
  reasons: { rule: string; detail: string; evidenceIds: string[] }[];
  evidence: {
    evidenceId: string;
    publisher: string;
    url: string;
    stance: string;
    attachedBy: { kind: string; source?: string };
    reason?: string;
  }[];
}

const seedArticle = JSON.parse(readFileSync(join(SEEDS_DIR, 'articles', 'sky-news-china-drones.json'), 'utf8')) as {
  url: string;
  title: string;
  publisher: string;
  publishedAt: string;
};

const OTHER_STORIES = [
  'open-drone-watch-hurricane-mapping',
  'daily-bulletin-luxury-cars',
  'nordic-post-arctic-patrols',
].map((name) => (JSON.parse(readFileSync(join(SEEDS_DIR, 'archive', `${name}.json`), 'utf8')) as { url: string }).url);

/** The claim once the workers have moved it out of `reported`. */
async function decided(client: ReturnType<typeof claimClient>, id: string): Promise<ClaimBody> {
  let claim: ClaimBody | undefined;
  await eventually(async () => {
    claim = (await client.get(id)).json() as ClaimBody;
    return claim.status !== 'reported';
  }, 'the claim left reported');
  return claim!;
}

describe('Reporting a claim through the API leads, with no other action, to evidence and a status with reasons', () => {
  let api: ApiHarness;
  let worker: WorkerHarness;
  const prefix = uniqueQueuePrefix();
  const env = { QUEUE_PREFIX: prefix, CORROBORATION_SOURCES: 'archive,cited-urls', EVENT_STORE_POLL_INTERVAL_MS: '50' };

  beforeAll(async () => {
    api = await startApi(env);
    await loadSeeds(api.database.db, api.app.get(AppConfig));
    // The worker process (relay, projections, corroboration worker), in this process, on the API's database.
    worker = await startWorker(api.database.url, env);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await deleteQueueKeys(prefix);
  });

  it('corroborates a claim two independent archive sources support, naming them in its reasons', async () => {
    const client = claimClient(api, await createKey(api, 'reporter'));
    const reported = await client.report({
      text: 'IEMZ Kupol had developed and flight-tested a new drone model called Garpiya-3 (G3) in China with the help of local Chinese specialists',
      claimant: 'Reuters',
      article: {
        url: seedArticle.url,
        title: seedArticle.title,
        publisher: seedArticle.publisher,
        publishedAt: seedArticle.publishedAt,
      },
    });
    expect(reported.statusCode).toBe(201);
    const { id } = reported.json() as { id: string };

    const claim = await decided(client, id);

    expect(claim.status).toBe('corroborated');
    const supporting = claim.evidence.filter((e) => e.stance === 'supports');
    expect(new Set(supporting.map((e) => e.publisher)).size).toBeGreaterThanOrEqual(2);
    for (const e of claim.evidence) {
      expect(e.attachedBy).toEqual({ kind: 'worker', source: 'archive' });
      expect(e.reason).toBeTruthy();
    }
    const cited = new Set(claim.reasons.flatMap((r) => r.evidenceIds));
    expect(supporting.filter((e) => cited.has(e.evidenceId)).length).toBeGreaterThanOrEqual(2);
    expect(claim.evidence.map((e) => e.publisher)).toContain('central-european-defence-journal');
    // No evidence from the archive's articles about other stories (a hurricane, luxury cars, Arctic patrols).
    for (const other of OTHER_STORIES) expect(claim.evidence.map((e) => e.url)).not.toContain(other);
    for (const e of claim.evidence) expect(e.reason).toMatch(/^stance-mlp-1@[0-9a-f]{12}: /);

    // The archive's evidence can decide the status before the cited-URLs source has answered: the round finishes
    // when both have.
    const auditor = claimClient(api, await createKey(api, 'auditor'));
    let finished: { type: string; data: Record<string, unknown> } | undefined;
    await eventually(async () => {
      const history = (await auditor.events(id)).json() as { items: { type: string; data: Record<string, unknown> }[] };
      finished = history.items.find((e) => e.type === 'CorroborationFinished');
      return finished !== undefined;
    }, 'the corroboration round finished');
    expect(finished?.data).toMatchObject({ answered: ['archive', 'cited-urls'], failed: [], timedOut: [] });
  });

  it('makes a claim nothing in the archive speaks to unverified once every source has answered', async () => {
    const client = claimClient(api, await createKey(api, 'reporter'));
    const reported = await client.report({
      text: 'The lighthouse keepers of Valparaiso voted to paint every tower purple',
      claimant: 'a harbour official',
    });
    const { id } = reported.json() as { id: string };
    const claim = await decided(client, id);
    expect(claim.status).toBe('unverified');
    expect(claim.evidence).toHaveLength(0);
    expect(claim.reasons.length).toBeGreaterThan(0);
  });
});
