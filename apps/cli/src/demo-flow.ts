import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Role } from '@claimtrail/auth';
import type { ClaimStatus, EvidenceAttachedData } from '@claimtrail/claims';
import type { ClaimPage, ClaimView } from '@claimtrail/projections';
import { SEEDS_DIR } from './load-seeds';
import { LaterArticleRequest, SeedArticleRequest } from './seed-article';

/** One HTTP exchange with the API: over the network (the demo) or through `inject` (the e2e test). */
export type HttpCall = (request: {
  method: 'GET' | 'POST';
  path: string;
  key: string;
  body?: unknown;
}) => Promise<{ status: number; body: unknown }>;

/** A claim of the seed story as the demo shows it. */
export interface DemoClaim {
  id: string;
  statement: string;
  claimant: string;
  attributionVerb: string;
  status: ClaimStatus;
  /** Why it has its status: one line per reason, naming the rule and the evidence's publishers. */
  why: string[];
  view: ClaimView;
}

export interface DemoResult {
  article: { id: string; url: string; created: boolean };
  claims: DemoClaim[];
  /** Claims still `reported` when the wait ended (none once corroboration has finished). */
  undecided: number;
}

const apiKeysFile = z.object({ keys: z.array(z.object({ role: z.string(), key: z.string() })) });

/** The demo API keys of seeds/api-keys.json, by role. */
export function demoKeys(seedsDir = SEEDS_DIR): Record<Role, string> {
  const { keys } = apiKeysFile.parse(JSON.parse(readFileSync(join(seedsDir, 'api-keys.json'), 'utf8')));
  return Object.fromEntries(keys.map((k) => [k.role, k.key])) as Record<Role, string>;
}

interface IngestResponse {
  article: DemoResult['article'];
  claims: { id: string; statement: string; claimant: string; attributionVerb: string; status: ClaimStatus }[];
  position: number;
}

async function expectOk<T>(response: Promise<{ status: number; body: unknown }>, what: string): Promise<T> {
  const { status, body } = await response;
  if (status >= 300) throw new Error(`${what} failed with ${status}: ${JSON.stringify(body)}`);
  return body as T;
}

/**
 * The demo's flow through the REST API, as a newsroom would drive it: ingest the seed
 * story with claim extraction (reporter key), wait until the workers have decided every
 * claim or `timeoutMs` has passed (one list request per poll, well inside the rate limit),
 * then read each claim with its reasons and evidence.
 */
export async function runDemoFlow(
  http: HttpCall,
  options: { article: SeedArticleRequest; keys: Record<Role, string>; timeoutMs: number; pollMs?: number },
): Promise<DemoResult> {
  const { keys, article, timeoutMs, pollMs = 250 } = options;
  const ingested = await expectOk<IngestResponse>(
    http({ method: 'POST', path: '/articles', key: keys.reporter, body: article }),
    'POST /articles',
  );
  const ids = new Set(ingested.claims.map((c) => c.id));

  const undecided = async () => {
    const statuses = new Map<string, ClaimStatus>();
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({
        publisher: article.publisher,
        limit: '100',
        minPosition: String(ingested.position),
        ...(cursor ? { cursor } : {}),
      });
      const page: ClaimPage = await expectOk<ClaimPage>(
        http({ method: 'GET', path: `/claims?${query}`, key: keys.reporter }),
        'GET /claims',
      );
      for (const item of page.items) if (ids.has(item.id)) statuses.set(item.id, item.status);
      cursor = page.nextCursor;
    } while (cursor !== null && statuses.size < ids.size);
    return [...ids].filter((id) => (statuses.get(id) ?? 'reported') === 'reported').length;
  };
  const deadline = Date.now() + timeoutMs;
  let left = await undecided();
  while (left > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    left = await undecided();
  }

  const publishers = await publisherNames(http, keys.reporter);
  const claims: DemoClaim[] = [];
  for (const found of ingested.claims) {
    const view = await expectOk<ClaimView>(
      http({ method: 'GET', path: `/claims/${found.id}?minPosition=${ingested.position}`, key: keys.reporter }),
      `GET /claims/${found.id}`,
    );
    claims.push({ ...found, status: view.status, why: whyOf(view, publishers), view });
  }
  return { article: ingested.article, claims, undecided: claims.filter((c) => c.status === 'reported').length };
}

async function publisherNames(http: HttpCall, key: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const query: string = new URLSearchParams({ limit: '100', ...(cursor ? { cursor } : {}) }).toString();
    const page = await expectOk<{ items: { id: string; name: string }[]; nextCursor: string | null }>(
      http({ method: 'GET', path: `/publishers?${query}`, key }),
      'GET /publishers',
    );
    for (const p of page.items) names.set(p.id, p.name);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return names;
}

/**
 * The reasons of a claim's status in a line each: the rule, then the publishers of the
 * evidence it rests on (with their stance, and the outlet a repeat counts as). The
 * inconclusive rule, which rests on no evidence, gives its count instead.
 */
export function whyOf(
  view: Pick<ClaimView, 'reasons' | 'evidence' | 'status'>,
  publisherNames: Map<string, string> = new Map(),
): string[] {
  if (view.status === 'reported') return ['awaiting corroboration'];
  const byId = new Map(view.evidence.map((e) => [e.evidenceId, e]));
  const name = (id: string) => publisherNames.get(id) ?? id;
  const describe = (e: EvidenceAttachedData) =>
    `${name(e.publisher)}${e.repeats ? ` (repeating ${name(e.repeats)})` : ''} ${e.stance}`;
  return view.reasons.map((reason) => {
    const evidence = reason.evidenceIds
      .map((id) => byId.get(id))
      .filter((e): e is EvidenceAttachedData => e !== undefined);
    if (evidence.length > 0) return `${reason.rule}: ${[...new Set(evidence.map(describe))].join('; ')}`;
    if (reason.rule === 'corroboration-finished-inconclusive') {
      const none = view.evidence.length === 0 ? ' (no evidence found)' : '';
      return `${reason.rule}: ${reason.detail.split(';', 1)[0]}${none}`;
    }
    return `${reason.rule}: ${reason.detail}`;
  });
}

/** A claim of the story a later article re-checked: as it stood before, and after the round the article started. */
export interface RecheckedClaim {
  before: DemoClaim;
  after: ClaimView;
  why: string[];
}

export interface RecheckResult {
  article: { url: string; created: boolean };
  rechecked: RecheckedClaim[];
}

const rechecksBy = (view: ClaimView, url: string) => view.corroboration.filter((round) => round.reason?.url === url);

/**
 * The later article of seeds/later: posted after the story's claims were decided, it
 * relates to open claims, and the re-check relay starts a round for each (nobody asks).
 * Waits until those rounds have finished — watching the list for claims whose version
 * moved, then reading those — and returns the claims re-checked, before and after.
 */
export async function runRecheckFlow(
  http: HttpCall,
  options: {
    article: LaterArticleRequest;
    keys: Record<Role, string>;
    story: DemoResult;
    timeoutMs: number;
    pollMs?: number;
  },
): Promise<RecheckResult> {
  const { article, keys, story, timeoutMs, pollMs = 250 } = options;
  const posted = await expectOk<{ article: { created: boolean } }>(
    http({ method: 'POST', path: '/articles', key: keys.reporter, body: article }),
    'POST /articles',
  );
  const publishers = await publisherNames(http, keys.reporter);
  const before = new Map(story.claims.map((c) => [c.id, c]));
  const views = new Map(story.claims.map((c) => [c.id, c.view]));
  const settled = () => {
    const rounds = [...views.values()].flatMap((view) => rechecksBy(view, article.url));
    return rounds.length > 0 && rounds.every((round) => round.outcome !== null);
  };
  const deadline = Date.now() + timeoutMs;
  while (!settled() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    const query = new URLSearchParams({ publisher: story.claims[0]?.view.article?.publisher ?? '', limit: '100' });
    const page = await expectOk<ClaimPage>(
      http({ method: 'GET', path: `/claims?${query}`, key: keys.reporter }),
      'GET /claims',
    );
    for (const item of page.items) {
      const known = views.get(item.id);
      if (!known || item.version === known.version) continue;
      views.set(
        item.id,
        await expectOk<ClaimView>(
          http({ method: 'GET', path: `/claims/${item.id}`, key: keys.reporter }),
          `GET /claims/${item.id}`,
        ),
      );
    }
  }
  const rechecked = [...views.values()]
    .filter((view) => rechecksBy(view, article.url).length > 0)
    .map((after) => ({ before: before.get(after.id)!, after, why: whyOf(after, publishers) }));
  return { article: { url: article.url, created: posted.article.created }, rechecked };
}

/** A claim of the story with the earlier claims it was found to repeat (GET /claims/:id/similar). */
export interface SimilarGroup {
  claim: DemoClaim;
  similar: { claimId: string; text: string; score: number }[];
}

/**
 * The story's claims that say what an earlier one says, grouped: one GET per claim
 * (the similar_claims read model), keeping the matches found when each was reported.
 */
export async function similarGroups(
  http: HttpCall,
  options: { keys: Record<Role, string>; story: DemoResult },
): Promise<SimilarGroup[]> {
  const groups: SimilarGroup[] = [];
  for (const claim of options.story.claims) {
    const { items } = await expectOk<{ items: { claimId: string; text: string; score: number; reported: string }[] }>(
      http({ method: 'GET', path: `/claims/${claim.id}/similar`, key: options.keys.reporter }),
      `GET /claims/${claim.id}/similar`,
    );
    const earlier = items.filter((i) => i.reported === 'earlier');
    if (earlier.length > 0)
      groups.push({ claim, similar: earlier.map(({ claimId, text, score }) => ({ claimId, text, score })) });
  }
  return groups;
}
