/**
 * Projections benchmark, in one run on its own database (created and dropped):
 *  1. generates a log of ≥ 1M valid claim events (decided by the claim domain, appended
 *     through the event store in per-claim batches, interleaved across claims);
 *  2. raw `readAll` events/s over the whole log;
 *  3. `claim_status` rebuild events/s from position 0 (shadow table, compare, swap);
 *  4. projection lag (append committed → projected, seen through the projector's NOTIFY)
 *     p50/p99 under sustained append load.
 * Prints JSON.
 *
 *   npm run bench:projections
 *     (BENCH_CLAIMS=40000 → ~1.1M events, BENCH_LAG_SECONDS=20, BENCH_LAG_RATE=400 appends/s)
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { cpus, totalmem } from 'node:os';
import { sql } from 'kysely';
import {
  ClaimCommand,
  ClaimEvent,
  ClaimState,
  decide,
  DEFAULT_POLICY_CONFIG,
  evolve,
  initialState,
  PublisherRegistry,
} from '@claimtrail/claims';
import { loadConfig } from '@claimtrail/config';
import { createKysely } from '@claimtrail/database';
import { EventStore, NewEvent } from '@claimtrail/event-store';
import {
  ClaimStatusProjection,
  liveSubscriptionName,
  ProjectionRebuilder,
  projectorHandler,
  PROJECTIONS_CHANNEL,
} from '@claimtrail/projections';
import { migrate } from '@claimtrail/schema';
import { createBenchDatabase } from '../support/bench-database';
import { percentile, round } from '../support/stats';

const CLAIMS = Number(process.env.BENCH_CLAIMS ?? 40_000);
const LAG_SECONDS = Number(process.env.BENCH_LAG_SECONDS ?? 20);
const LAG_RATE = Number(process.env.BENCH_LAG_RATE ?? 400);
const WRITERS = 8;
const PUBLISHERS = ['reuters', 'bbc', 'ap', 'le-monde', 'sky-news', 'dpa', 'afp', 'nhk', 'el-pais', 'the-hindu'];
const REGISTRY: PublisherRegistry = Object.fromEntries(
  PUBLISHERS.map((id, i) => [
    id,
    { id, name: id, domain: `${id}.example`, ownerGroup: `group-${i % 7}`, reliability: 0.55 + (i % 5) * 0.1 },
  ]),
);
const context = { publishers: REGISTRY, policy: DEFAULT_POLICY_CONFIG };
const metadata = { actor: { keyId: 'bench', role: 'editor' }, correlationId: 'bench', causationId: 'bench' };

/**
 * A claim's life as the domain decides it: the commands of round `r` (0: report and evidence; 1: more evidence, a
 * verdict).
 */
function commandsOf(claimId: string, n: number, r: number, now: Date): ClaimCommand[] {
  const evidence = (k: number): ClaimCommand => ({
    type: 'AttachEvidence',
    claimId,
    now,
    context,
    evidence: {
      evidenceId: randomUUID(),
      publisher: PUBLISHERS[(n + k) % PUBLISHERS.length],
      url: `https://news.example.org/${n}/${k}`,
      excerpt: `Officials said on condition of anonymity that the shipment ${n}-${k} had been inspected at the border.`,
      stance: (n + k) % 4 === 3 ? 'refutes' : (n + k) % 5 === 4 ? 'neutral' : 'supports',
      confidence: 0.5 + ((n + k) % 5) / 10,
      attachedBy: { kind: 'worker', source: 'archive' },
      retrievedAt: now.toISOString(),
    },
  });
  switch (r) {
    case 0:
      return [
        {
          type: 'ReportClaim',
          claimId,
          text: `Claim ${n}: company ${n % 977} supplied drone parts through a third country`,
          claimant: `official ${n % 131}`,
          citedUrls: [`https://cited.example.org/${n}`],
          language: 'en',
          corroboration: {
            requestId: randomUUID(),
            sources: ['archive', 'claim-review'],
            deadline: new Date(now.getTime() + 600_000),
          },
          now,
        },
        ...Array.from({ length: 8 }, (_, k) => evidence(k)),
      ];
    default:
      return [
        ...Array.from({ length: 6 }, (_, k) => evidence(8 + k)),
        ...(n % 3 === 0
          ? [
              {
                type: 'SetEditorVerdict',
                claimId,
                status: 'unverified',
                reason: 'Not enough on the record',
                context,
                now,
              } as ClaimCommand,
            ]
          : []),
      ];
  }
}

function decideAll(state: ClaimState, commands: ClaimCommand[]): { state: ClaimState; events: ClaimEvent[] } {
  const events: ClaimEvent[] = [];
  for (const command of commands) {
    const decided = decide(command, state);
    state = decided.reduce(evolve, state);
    events.push(...decided);
  }
  return { state, events };
}

const toNew = (e: ClaimEvent): NewEvent => ({
  type: e.type,
  data: e.data as unknown as Record<string, unknown>,
  metadata,
});

/**
 * Appends the claims' events in two interleaved rounds, WRITERS appends at a time, over
 * connections with synchronous_commit off: generating the log is not what is measured.
 */
async function generate(url: string): Promise<{ events: number; seconds: number }> {
  const db = createKysely({
    url: `${url}?options=-c%20synchronous_commit%3Doff`,
    poolSize: WRITERS,
    applicationName: 'claimtrail-bench-generate',
  });
  const store = new EventStore(db, { maxBatchEvents: 1000 });
  const started = Date.now();
  const claims = Array.from({ length: CLAIMS }, () => ({ id: randomUUID(), state: initialState(), version: 0 }));
  let events = 0;
  for (let r = 0; r < 2; r++) {
    let next = 0;
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        while (next < claims.length) {
          const n = next++;
          const claim = claims[n];
          const decided = decideAll(claim.state, commandsOf(claim.id, n, r, new Date()));
          const result = await store.appendToStream(`claim-${claim.id}`, decided.events.map(toNew), {
            expectedVersion: claim.version,
          });
          claim.state = decided.state;
          claim.version = result.nextExpectedVersion;
          events += decided.events.length;
        }
      }),
    );
    process.stderr.write(`generated round ${r + 1}/2: ${events} events\n`);
  }
  await db.destroy();
  return { events, seconds: (Date.now() - started) / 1000 };
}

async function main(): Promise<void> {
  const database = await createBenchDatabase('projections');
  const url = new URL(database.url);
  const db = createKysely({ url: url.toString(), poolSize: WRITERS + 4, applicationName: 'claimtrail-bench' });
  const store = new EventStore(db, { connectionString: url.toString(), maxBatchEvents: 1000, pollIntervalMs: 500 });
  try {
    await migrate(db);
    const generated = await generate(url.toString());
    // Fresh bulk-loaded tables have no statistics yet (autovacuum gets there later); without
    // them the planner sorts the whole remaining log for every subscriber batch.
    await sql`ANALYZE events`.execute(db);

    let readAll = 0;
    const readStarted = Date.now();
    for await (const _ of store.readAll()) readAll++;
    const readSeconds = (Date.now() - readStarted) / 1000;

    const projection = new ClaimStatusProjection();
    const config = loadConfig({ DATABASE_URL: url.toString() });
    const rebuilder = new ProjectionRebuilder(db, store, [projection], config);
    const rebuild = await rebuilder.rebuild(projection.name, {
      onProgress: ({ processed }) =>
        processed % 100_000 < config.projections.rebuildBatchSize &&
        process.stderr.write(`rebuild: ${processed} events\n`),
    });

    const lag = await measureLag(store, url.toString(), projection);

    const readAllPerSecond = Math.round(readAll / readSeconds);
    console.log(
      JSON.stringify(
        {
          benchmark: 'projections',
          date: new Date().toISOString(),
          machine: { cpu: cpus()[0]?.model, cores: cpus().length, memoryGb: round(totalmem() / 2 ** 30) },
          log: {
            claims: CLAIMS,
            events: generated.events,
            generationSeconds: round(generated.seconds),
            generationEventsPerSecond: Math.round(generated.events / generated.seconds),
          },
          readAll: { events: readAll, seconds: round(readSeconds, 2), eventsPerSecond: readAllPerSecond },
          rebuild: {
            events: rebuild.processed,
            rows: rebuild.drift.compared,
            seconds: round(rebuild.elapsedMs / 1000, 2),
            eventsPerSecond: rebuild.eventsPerSecond,
            batchSize: config.projections.rebuildBatchSize,
            ratioToReadAll: round(rebuild.eventsPerSecond / readAllPerSecond, 2),
          },
          lag,
        },
        null,
        2,
      ),
    );
  } finally {
    await store.onModuleDestroy();
    await db.destroy();
    await database.drop();
  }
}

/**
 * Appends at LAG_RATE appends/s (one evidence event each, on random claims) while the
 * projector runs; each append's lag is from its commit (append resolved) to the first
 * projector NOTIFY after which the projector's checkpoint covers its position.
 */
async function measureLag(store: EventStore, connectionString: string, projection: ClaimStatusProjection) {
  const subscription = store.subscribe(liveSubscriptionName(projection), projectorHandler(projection), {
    batchSize: 500,
  });
  const listener = new Client({ connectionString });
  await listener.connect();
  await listener.query(`LISTEN ${PROJECTIONS_CHANNEL}`);
  const pending = new Map<number, number>();
  const lags: number[] = [];
  let checking: Promise<void> | null = null;
  let again = false;
  const check = async (notifiedAt: number) => {
    if (pending.size === 0) return;
    const { rows } = await listener.query<{ position: string }>(
      `SELECT e.position FROM events e JOIN subscriptions s ON s.name = $1
        WHERE e.position = ANY($2::bigint[])
          AND (e.transaction_id, e.position) <= (s.last_transaction_id, s.last_position)`,
      [liveSubscriptionName(projection), [...pending.keys()]],
    );
    for (const { position } of rows) {
      const p = Number(position);
      lags.push(notifiedAt - pending.get(p)!);
      pending.delete(p);
    }
  };
  listener.on('notification', () => {
    const notifiedAt = performance.now();
    if (checking) {
      again = true;
      return;
    }
    checking = (async () => {
      let at = notifiedAt;
      do {
        again = false;
        await check(at);
        at = performance.now();
      } while (again);
      checking = null;
    })();
  });

  const { rows: claims } = await listener.query<{ id: string; version: number }>(
    'SELECT id, version FROM claim_status LIMIT 2000',
  );
  const versions = new Map(claims.map((c) => [c.id, Number(c.version)]));
  const ids = [...versions.keys()];
  // The visibility horizon is cluster-wide: another session's long transaction (any
  // database on this server) holds every subscriber back. Sample it to explain the tail.
  const horizon = { samples: 0, heldBack: 0, worstHeldForMs: 0, worstHolder: null as string | null };
  const sampler = setInterval(() => {
    void store.horizonStatus().then((h) => {
      horizon.samples++;
      if (!h.heldBack) return;
      horizon.heldBack++;
      if (h.heldBy && h.heldBy.heldForMs > horizon.worstHeldForMs) {
        horizon.worstHeldForMs = h.heldBy.heldForMs;
        horizon.worstHolder = `${h.heldBy.applicationName || '(no application name)'} (${h.heldBy.state})`;
      }
    });
  }, 100);
  const started = performance.now();
  const end = started + LAG_SECONDS * 1000;
  const interval = (1000 / LAG_RATE) * WRITERS;
  let appends = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      // Each writer owns a slice of the claims, so appends never conflict.
      const mine = ids.filter((_, i) => i % WRITERS === w);
      for (let i = 0; performance.now() < end; i++) {
        const due = started + i * interval + (w * interval) / WRITERS;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const id = mine[i % mine.length];
        const event: NewEvent = {
          type: 'EvidenceAttached',
          data: {
            evidenceId: randomUUID(),
            publisher: 'dpa',
            url: `https://lag.example.org/${w}/${i}`,
            excerpt: 'A neutral remark',
            stance: 'neutral',
            confidence: 0.5,
            attachedBy: { kind: 'worker', source: 'archive' },
            retrievedAt: new Date().toISOString(),
          },
          metadata,
        };
        const result = await store.appendToStream(`claim-${id}`, [event], { expectedVersion: versions.get(id)! });
        versions.set(id, result.nextExpectedVersion);
        pending.set(result.lastPosition, performance.now());
        appends++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const drainDeadline = performance.now() + 10_000;
  while (pending.size > 0 && performance.now() < drainDeadline) await new Promise((resolve) => setTimeout(resolve, 20));
  clearInterval(sampler);
  await subscription.stop();
  // `checking` is set from the sampler's callback, out of the compiler's sight.
  await Promise.resolve(checking);
  await listener.end();
  const sorted = [...lags].sort((a, b) => a - b);
  return {
    appends,
    appendsPerSecond: round(appends / seconds),
    measured: sorted.length,
    unprojectedAfter10s: pending.size,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted[sorted.length - 1] ?? 0),
    horizon,
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
