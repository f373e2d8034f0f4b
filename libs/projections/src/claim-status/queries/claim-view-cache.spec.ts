import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { EventStore } from '@claimtrail/event-store';
import { testConfig } from '../../../../../test/support/test-config';
import { createTestDatabase, TestDatabase } from '../../../../../test/support/test-database';
import { liveSubscriptionName } from '../../projection';
import { ProjectionRebuilder } from '../../projection-rebuilder';
import { ProjectionRunner } from '../../projection-runner';
import { ClaimLog } from '../claim-log.fixture';
import { ClaimStatusProjection } from '../claim-status.projection';
import { ClaimStatusRepository } from '../claim-status.repository';
import type { ClaimView } from './claim-view';
import { ClaimViewCache } from './claim-view-cache';
import { GetClaimHandler } from './get-claim.handler';
import { GetClaimQuery } from './get-claim.query';

const fast = { pollIntervalMs: 50, lockRetryMs: 100, retryDelayMs: 50, onError: () => undefined };

/** Polls until `condition` holds; the deadline only turns a stale cache into a readable failure. */
async function eventually<T>(read: () => Promise<T>, condition: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (condition(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('ClaimViewCache (real Postgres)', () => {
  let database: TestDatabase;
  let store: EventStore;
  let runner: ProjectionRunner;
  let cache: ClaimViewCache;
  let handler: GetClaimHandler;
  let log: ClaimLog;
  let reads = 0;
  const projection = new ClaimStatusProjection();

  beforeAll(async () => {
    database = await createTestDatabase(8);
    const config = testConfig(database.url);
    store = new EventStore(database.db, { connectionString: database.url });
    runner = new ProjectionRunner(store, [projection], config, false);
    runner.start(fast);
    const repository = new ClaimStatusRepository(database.db);
    const read = repository.findWithSimilar.bind(repository);
    repository.findWithSimilar = (id) => {
      reads++;
      return read(id);
    };
    cache = new ClaimViewCache(config);
    await cache.onModuleInit();
    handler = new GetClaimHandler(repository, cache);
    log = new ClaimLog(store, 4);
    for (const claim of [0, 1, 2, 3]) await report(claim);
    await caughtUp();
  });
  afterAll(async () => {
    await cache.beforeApplicationShutdown();
    await runner.stop();
    await store.onModuleDestroy();
    await database.drop();
  });

  const get = (claim: number, minPosition?: number) => handler.execute(new GetClaimQuery(log.ids[claim], minPosition));

  async function report(claim: number): Promise<void> {
    const step = { claim, kind: 'report', publisher: 0, stance: 'supports', confidence: 1, other: 0 } as const;
    await log.apply({ ...step, verdict: 'corroborated' });
  }

  async function attachEvidence(claim: number): Promise<void> {
    const step = { claim, kind: 'evidence', publisher: 1, stance: 'supports', confidence: 0.9, other: 0 } as const;
    await log.apply({ ...step, verdict: 'corroborated' });
  }

  async function caughtUp(): Promise<void> {
    const head = await store.headPosition();
    expect(await store.waitUntilProcessed(liveSubscriptionName(projection), head, { timeoutMs: 30_000 })).toBe(true);
  }

  it('serves a view it holds without reading Postgres, whatever the id’s case', async () => {
    const first = await get(0);
    const before = reads;
    expect(await get(0)).toBe(first);
    expect(await handler.execute(new GetClaimQuery(log.ids[0].toUpperCase()))).toBe(first);
    expect(reads).toBe(before);
  });

  it('drops a view when the projector changes its claim', async () => {
    const held = await get(1);
    await attachEvidence(1);
    await caughtUp();
    const after = await eventually(
      () => get(1),
      (view) => view.version > held.version,
    );
    expect(after.version).toBe(held.version + 1);
    expect(after.evidence).toHaveLength(held.evidence.length + 1);
  });

  it('drops a view changed by hand in psql, and a row deleted', async () => {
    await get(2);
    await sql`UPDATE claim_status SET status = 'denied' WHERE id = ${log.ids[2]}`.execute(database.db);
    expect(
      (
        await eventually(
          () => get(2),
          (v) => v.status === 'denied',
        )
      ).status,
    ).toBe('denied');
    await sql`DELETE FROM claim_status WHERE id = ${log.ids[2]}`.execute(database.db);
    const gone = await eventually(
      () =>
        get(2).then(
          () => 'found',
          (error: Error) => error.name,
        ),
      (outcome) => outcome !== 'found',
    );
    expect(gone).toBe('NotFound');
  });

  it("drops the view of a claim a later look-alike names (the 'similar' list)", async () => {
    const held = await get(3);
    expect(held.similar).toEqual([]);
    const later = randomUUID();
    await database.db
      .insertInto('similar_claims')
      .values({
        claim_id: later,
        text: 'a later claim that says the same',
        matches: JSON.stringify([{ claimId: log.ids[3], score: 0.9, trigram: 0.8, terms: 0.7 }]),
        last_position: 1,
      })
      .execute();
    const after = await eventually(
      () => get(3),
      (v) => v.similar.length > 0,
    );
    expect(after.similar).toEqual([{ claimId: later, score: 0.9 }]);
  });

  it('reads again when the view it holds is older than minPosition (read-your-writes)', async () => {
    const held = await get(0);
    const before = reads;
    await get(0, held.position);
    expect(reads).toBe(before);
    await get(0, held.position + 1);
    expect(reads).toBe(before + 1);
  });

  it('does not keep a view whose load raced with a change to it', async () => {
    const id = randomUUID();
    let finishStale!: (view: ClaimView) => void;
    const stale = new Promise<ClaimView>((resolve) => (finishStale = resolve));
    const view = (version: number) => ({ id, version, position: version }) as ClaimView;
    const first = cache.get(id, () => stale);
    await sql`SELECT pg_notify('claimtrail_claim_views', ${id})`.execute(database.db);
    // Once the change is heard, a read no longer shares the load in flight (the load starts at once).
    let fresh = 0;
    const deadline = Date.now() + 10_000;
    while (fresh === 0 && Date.now() < deadline) {
      void cache.get(id, () => Promise.resolve(view(++fresh + 1)));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(fresh).toBe(1);
    finishStale(view(1));
    expect((await first).version).toBe(1);
    expect((await cache.get(id, () => Promise.resolve(view(99)))).version).toBe(2);
  });

  it('drops every view when a rebuild swaps a table in, and the swapped-in table notifies as the old one did', async () => {
    const rebuilder = new ProjectionRebuilder(database.db, store, [projection], testConfig(database.url));
    await sql`UPDATE claim_status SET status = 'denied' WHERE id = ${log.ids[0]}`.execute(database.db);
    await eventually(
      () => get(0),
      (v) => v.status === 'denied',
    );
    await rebuilder.rebuild(projection.name);
    expect(
      (
        await eventually(
          () => get(0),
          (v) => v.status === 'reported',
        )
      ).status,
    ).toBe('reported');

    await sql`UPDATE claim_status SET claimant = 'changed after the swap' WHERE id = ${log.ids[0]}`.execute(
      database.db,
    );
    const after = await eventually(
      () => get(0),
      (v) => v.claimant === 'changed after the swap',
    );
    expect(after.claimant).toBe('changed after the swap');
  });

  it('reads Postgres every time when it is not listening', async () => {
    const deaf = new ClaimViewCache(testConfig(database.url));
    let loads = 0;
    const load = () => Promise.resolve({ id: 'x', position: 1 } as ClaimView).finally(() => loads++);
    await deaf.get('x', load);
    await deaf.get('x', load);
    expect(loads).toBe(2);
  });
});
