import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InjectOptions } from 'fastify';
import { AppConfig } from '@claimtrail/config';
import {
  DemoClaim,
  DemoResult,
  demoKeys,
  HttpCall,
  runDemoFlow,
  runRecheckFlow,
  similarGroups,
} from '../apps/cli/src/demo-flow';
import { renderClaimsTable } from '../apps/cli/src/demo-table';
import { loadSeeds, SEEDS_DIR } from '../apps/cli/src/load-seeds';
import { laterArticle, seedArticle } from '../apps/cli/src/seed-article';
import { ApiHarness, startApi } from './support/api-harness';
import { deleteQueueKeys, startWorker, uniqueQueuePrefix, WorkerHarness } from './support/worker-harness';

/** The URL of each seeds/archive text, by file name. */
const archive: Record<string, string> = Object.fromEntries(
  readdirSync(join(SEEDS_DIR, 'archive'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => [
      f.replace(/\.json$/, ''),
      (JSON.parse(readFileSync(join(SEEDS_DIR, 'archive', f), 'utf8')) as { url: string }).url,
    ]),
);

/**
 * `npm run demo`'s flow — seeds, the seed story through POST /articles with claim
 * extraction, the real worker (relay, corroboration with the real archive source,
 * projections) — on a throwaway database and queue prefix, asserting the outcomes
 * seeds/README.md says the archive was written to produce.
 */
describe('the demo: the seed story end to end (e2e)', () => {
  let api: ApiHarness;
  let worker: WorkerHarness;
  let result: DemoResult;
  const prefix = uniqueQueuePrefix();
  const env = { QUEUE_PREFIX: prefix, EVENT_STORE_POLL_INTERVAL_MS: '50' };

  const http: HttpCall = async ({ method, path, key, body }) => {
    const res = await api.app.inject({
      method,
      url: path,
      headers: { authorization: `Bearer ${key}` },
      ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
    });
    return { status: res.statusCode, body: res.body ? res.json() : null };
  };
  const run = () => runDemoFlow(http, { article: seedArticle(), keys: demoKeys(), timeoutMs: 45_000, pollMs: 100 });

  const claim = (claimant: string, statementStart: string): DemoClaim => {
    const found = result.claims.filter((c) => c.claimant === claimant && c.statement.startsWith(statementStart));
    expect(found.map((c) => `${c.claimant}: ${c.statement}`)).toHaveLength(1);
    return found[0];
  };
  /** The archive texts (file names) of the evidence a reason rests on. */
  const sourcesOf = (c: DemoClaim, rule: string): string[] => {
    const reason = c.view.reasons.find((r) => r.rule === rule);
    expect({ rules: c.view.reasons.map((r) => r.rule), has: rule }).toEqual(
      expect.objectContaining({ rules: expect.arrayContaining([rule]) }),
    );
    const urls = c.view.evidence.filter((e) => reason!.evidenceIds.includes(e.evidenceId)).map((e) => e.url);
    return [...new Set(urls.map((url) => Object.keys(archive).find((name) => archive[name] === url) ?? url))].sort();
  };
  const supporting = (c: DemoClaim) => c.view.evidence.filter((e) => e.stance === 'supports');

  beforeAll(async () => {
    api = await startApi(env);
    await loadSeeds(api.database.db, api.app.get(AppConfig));
    worker = await startWorker(api.database.url, env);
    result = await run();
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await deleteQueueKeys(prefix);
  });

  it('decides every claim of the story, in three different states, each with its reasons', () => {
    expect(result.article.created).toBe(true);
    expect(result.claims.length).toBeGreaterThan(10);
    expect(result.undecided).toBe(0);
    expect(new Set(result.claims.map((c) => c.status))).toEqual(new Set(['corroborated', 'denied', 'unverified']));
    expect(result.claims.every((c) => c.why.length > 0 && c.view.reasons.length > 0)).toBe(true);
    const table = renderClaimsTable(result.claims, 140);
    expect(table).toMatch(/corroborated +Reuters \(reportedly\) +reports: The G3 drone can travel/);
    expect(table).toMatch(/denied +the Chinese embassy in London \(said\) +China exercises strict export control/);
    // The kind shows with the claim: an opinion or prediction is never mistaken for a stated fact.
    expect(table).toMatch(/unverified +a spokesperson for the NATO .+ +believes: The allegation is deeply concerning/);
    expect(table).toMatch(/the UK and other allies \(accused\) +accuses: China providing/);
  });

  it('attaches no evidence to any claim from the archive’s articles about other stories', () => {
    const otherStories = [
      'open-drone-watch-hurricane-mapping',
      'daily-bulletin-luxury-cars',
      'nordic-post-arctic-patrols',
    ];
    for (const c of result.claims)
      for (const name of otherStories) expect(c.view.evidence.map((e) => e.url)).not.toContain(archive[name]);
  });

  it('reads every archive text with the stance model, and says so in each finding’s reason', () => {
    const evidence = result.claims.flatMap((c) => c.view.evidence);
    expect(evidence.length).toBeGreaterThan(20);
    for (const e of evidence) expect(e.reason).toMatch(/^stance-mlp-1@[0-9a-f]{12}: (agree|disagree|discuss) /);
  });

  it('never counts the subject’s own voice as support, and never reads the foreign ministry’s “groundless” as support', () => {
    const subjectTexts = [archive['chinese-embassy-uk-statement'], archive['chinese-foreign-ministry-statement']];
    // Claims that name China (a claim like "They were referring to military drones" names no subject to recognise).
    for (const c of result.claims.filter((c) => /\bChin/.test(c.statement))) {
      for (const e of supporting(c).filter((e) => subjectTexts.includes(e.url))) expect(e.subjectResponse).toBe(true);
      // The ministry calls the drone-supply reports groundless; on the US's "no government involvement" it agrees.
      if (!/Chinese companies are supplying/.test(c.statement)) continue;
      const ministry = c.view.evidence.filter((e) => e.url === archive['chinese-foreign-ministry-statement']);
      for (const e of ministry) expect(e.stance).not.toBe('supports');
    }
  });

  it('corroborates Reuters’ Garpiya-3 report from independent outlets; the wire’s repeat of Reuters, the claimant, does not count', () => {
    const c = claim('Reuters', 'IEMZ Kupol');
    expect(c.status).toBe('corroborated');
    expect(sourcesOf(c, 'independent-support')).toEqual(
      expect.arrayContaining(['central-european-defence-journal-garpiya-documents', 'open-drone-watch-g3-profile']),
    );
    expect(sourcesOf(c, 'claimant-own-reporting-excluded')).toEqual(['world-briefing-wire-reuters-repeat']);
  });

  it('corroborates the G3’s range and payload from Open Drone Watch and the defence journal', () => {
    const c = claim('Reuters', 'The G3 drone can travel around 1,200 miles');
    expect(c.status).toBe('corroborated');
    expect(sourcesOf(c, 'independent-support')).toEqual(
      expect.arrayContaining(['central-european-defence-journal-garpiya-documents', 'open-drone-watch-g3-profile']),
    );
  });

  it('denies the embassy’s “strict export control” on the observatory’s refutation; its own voice is recorded, not counted', () => {
    const c = claim('the Chinese embassy in London', 'China exercises strict export control over drones');
    expect(c.status).toBe('denied');
    expect(sourcesOf(c, 'credible-refutation')).toEqual(['export-control-observatory-drone-exports']);
    expect(sourcesOf(c, 'subject-statement-not-independent')).toContain('chinese-embassy-uk-statement');
  });

  it('leaves the western official’s allegation unverified: Sky News repeats excluded, the embassy’s non-denial and the ministry’s rebuttal recorded as coverage', () => {
    const c = claim(
      'a western official',
      'There is clear evidence that Chinese companies are supplying military attack drones',
    );
    expect(c.status).toBe('unverified');
    expect(c.view.reasons[0].rule).toBe('corroboration-finished-inconclusive');
    expect(sourcesOf(c, 'own-article-excluded')).toContain('daily-bulletin-official-repeat');
    expect(c.view.evidence).toContainEqual(
      expect.objectContaining({
        url: archive['chinese-embassy-uk-statement'],
        stance: 'neutral',
        subjectResponse: true,
        reason: expect.stringContaining('non-denial "not aware of the specifics"'),
      }),
    );
    expect(c.view.evidence).toContainEqual(
      expect.objectContaining({
        url: archive['chinese-foreign-ministry-statement'],
        stance: 'neutral',
        reason: expect.stringContaining("contested: 'groundless'"),
      }),
    );
  });

  it('records the Treasury and The Pacific Ledger on the Kupol sanctions without counting the luxury-cars story', () => {
    const c = claim('Sky News', 'Kupol was placed under US sanctions in December 2023');
    expect(c.status).not.toBe('denied');
    const urls = c.view.evidence.map((e) => e.url);
    expect(urls).toEqual(
      expect.arrayContaining([archive['us-treasury-kupol-designation'], archive['pacific-ledger-kupol-sanctions']]),
    );
    expect(urls).not.toContain(archive['daily-bulletin-luxury-cars']);
  });

  it('records the official’s prediction as not checkable: unverified at once, no corroboration round', () => {
    const c = claim('a western official', 'While the Chinese government might not admit it');
    expect(c.status).toBe('unverified');
    expect(c.view.attribution.checkable).toBe(false);
    expect(c.view.evidence).toEqual([]);
    expect(c.view.corroboration).toEqual([]);
    expect(c.view.reasons.map((r) => r.rule)).toEqual(['not-checkable']);
  });

  it('leaves the embassy’s “objective and fair position” unverified: only the embassy says it', () => {
    const c = claim('the Chinese embassy in London', 'China has always maintained an objective and fair position');
    expect(c.status).toBe('unverified');
    expect(c.view.evidence.map((e) => e.url)).toContain(archive['chinese-embassy-uk-statement']);
    expect(supporting(c).every((e) => e.subjectResponse === true)).toBe(true);
  });

  it('shows the same claims when run again: the article and its claims are stored once', async () => {
    const again = await run();
    expect(again.article).toEqual({ ...result.article, created: false });
    expect(again.claims.map((c) => [c.id, c.status])).toEqual(result.claims.map((c) => [c.id, c.status]));
    const listed = await http({ method: 'GET', path: '/claims?limit=100', key: demoKeys().reporter });
    expect((listed.body as { items: unknown[] }).items).toHaveLength(result.claims.length);
  });

  it("groups the story's similar claims: the official's two drone statements, NATO's two 'deeply concerning'", async () => {
    const groups = await similarGroups(http, { keys: demoKeys(), story: result });
    const pairs = groups.flatMap((g) => g.similar.map((s) => [s.text, g.claim.statement]));
    expect(pairs).toContainEqual([
      expect.stringMatching(/^There is clear evidence that Chinese companies are supplying military attack drones/),
      expect.stringMatching(/^There is clear evidence now that Chinese companies are supplying Russia/),
    ]);
    expect(pairs.some(([a, b]) => /deeply concerning/.test(a) && /deeply concerning/.test(b))).toBe(true);
  });

  it("re-checks the western official's unverified claim when a later article supports it, with no one asking", async () => {
    const recheck = await runRecheckFlow(http, {
      article: laterArticle(),
      keys: demoKeys(),
      story: result,
      timeoutMs: 45_000,
      pollMs: 100,
    });
    expect(recheck.article.created).toBe(true);
    const official = recheck.rechecked.find(
      (r) =>
        r.before.claimant === 'a western official' &&
        r.before.statement.startsWith('There is clear evidence that Chinese companies'),
    );
    expect(official?.before.status).toBe('unverified');
    expect(official?.after.status).toBe('corroborated');
    expect(
      official?.after.corroboration.some((round) => round.reason?.url === laterArticle().url && round.outcome !== null),
    ).toBe(true);
  });
});
