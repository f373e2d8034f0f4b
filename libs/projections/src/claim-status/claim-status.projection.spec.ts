import fc from 'fast-check';
import { sql } from 'kysely';
import { STANCES } from '@claimtrail/claims';
import { loadConfig } from '@claimtrail/config';
import { createKysely } from '@claimtrail/database';
import { EventStore, RecordedEvent } from '@claimtrail/event-store';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { liveSubscriptionName, Projection, ProjectionTable } from '../projection';
import { ProjectionRebuilder } from '../projection-rebuilder';
import { ProjectionRunner } from '../projection-runner';
import { ClaimLog, Step, STEP_KINDS } from './claim-log.fixture';
import { ClaimStatusAudit } from './claim-status-audit';
import { ClaimStatusProjection } from './claim-status.projection';

const fast = { pollIntervalMs: 50, lockRetryMs: 100, retryDelayMs: 50, onError: () => undefined };

const stepArbitrary: fc.Arbitrary<Step> = fc.record({
  claim: fc.nat(5),
  kind: fc.constantFrom(...STEP_KINDS),
  publisher: fc.nat(4),
  stance: fc.constantFrom(...STANCES),
  confidence: fc.double({ min: 0, max: 1, noNaN: true }),
  other: fc.nat(5),
  verdict: fc.constantFrom('corroborated' as const, 'denied' as const, 'unverified' as const),
});

/** A projection that counts what it applies, and can be told to fail. */
class Instrumented implements Projection {
  readonly name: string;
  readonly table: ProjectionTable;
  readonly key: string;
  readonly eventTypes: readonly string[];
  readonly applied: number[] = [];
  beforeCommit: ((batch: RecordedEvent[], trx: Parameters<Projection['apply']>[1]['trx']) => Promise<void>) | null =
    null;

  constructor(private readonly inner: Projection) {
    ({ name: this.name, table: this.table, key: this.key, eventTypes: this.eventTypes } = inner);
  }

  async apply(batch: RecordedEvent[], ctx: Parameters<Projection['apply']>[1]): Promise<void> {
    await this.inner.apply(batch, ctx);
    this.applied.push(...batch.map((e) => e.position));
    await this.beforeCommit?.(batch, ctx.trx);
  }
}

describe('claim_status projection (Postgres)', () => {
  let database: TestDatabase;
  let store: EventStore;
  let rebuilder: ProjectionRebuilder;
  const projection = new ClaimStatusProjection();
  const config = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/unused' });
  const runners: ProjectionRunner[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(16);
    store = new EventStore(database.db, { connectionString: database.url });
    rebuilder = new ProjectionRebuilder(database.db, store, [projection], config);
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
  });
  afterAll(async () => {
    await store.onModuleDestroy();
    await database.drop();
  });

  function runner(p: Projection = projection, eventStore = store): ProjectionRunner {
    const r = new ProjectionRunner(eventStore, [p], config, false);
    r.start(fast);
    runners.push(r);
    return r;
  }

  /** Waits until the live projector has processed everything appended so far. */
  async function caughtUp(): Promise<void> {
    const head = await store.headPosition();
    if (head === 0) return;
    expect(await store.waitUntilProcessed(liveSubscriptionName(projection), head, { timeoutMs: 30_000 })).toBe(true);
  }

  /** The read model's rows, shaped like ClaimLog.expected(). */
  async function rows() {
    const found = await database.db.selectFrom('claim_status').selectAll().execute();
    return new Map(
      found.map((r) => [
        r.id,
        {
          status: r.status,
          version: r.version,
          evidence: r.evidence,
          reasons: r.reasons,
          duplicateOf: r.duplicate_of,
          editorVerdict: r.editor_verdict,
        },
      ]),
    );
  }

  it('always equals a rebuild from the log, and the domain fold, after any sequence of commands', async () => {
    runner();
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 1, maxLength: 40 }), async (steps) => {
        const log = new ClaimLog(store, 6);
        for (const step of steps) await log.apply(step);
        await caughtUp();
        const live = await rows();
        for (const [id, expected] of log.expected()) expect(live.get(id)).toEqual(expected);
        const check = await rebuilder.drift(projection.name);
        expect(check.drift).toMatchObject({ drifted: 0, inFlight: 0 });
      }),
      { numRuns: 12 },
    );
    const before = await rows();
    const rebuilt = await rebuilder.rebuild(projection.name);
    expect(rebuilt.drift.drifted).toBe(0);
    expect(await rows()).toEqual(before);
  });

  it('replays the log through the domain and names every claim whose stored status differs', async () => {
    runner();
    const log = new ClaimLog(store, 3);
    for (let i = 0; i < 3; i++)
      await log.apply({
        claim: i,
        kind: 'report',
        publisher: 0,
        stance: 'supports',
        confidence: 1,
        other: 0,
        verdict: 'denied',
      });
    for (let i = 0; i < 2; i++)
      await log.apply({
        claim: 0,
        kind: 'evidence',
        publisher: i,
        stance: 'supports',
        confidence: 1,
        other: 0,
        verdict: 'denied',
      });
    await caughtUp();
    const audit = new ClaimStatusAudit(store, database.db);
    expect((await audit.replay()).mismatches).toEqual([]);

    const [tampered] = log.ids;
    const expected = log.expected().get(tampered)!;
    await database.db.updateTable('claim_status').set({ status: 'denied' }).where('id', '=', tampered).execute();
    const report = await audit.replay();
    expect(report.mismatches).toEqual([
      {
        id: tampered,
        kind: 'status',
        stored: { status: 'denied', version: expected.version },
        replayed: { status: expected.status, version: expected.version },
      },
    ]);
    await rebuilder.rebuild(projection.name);
  });

  it('resumes after a crash mid-batch without losing or doubling an event', async () => {
    const instrumented = new Instrumented(projection);
    let crashes = 0;
    instrumented.beforeCommit = async (_, trx) => {
      if (crashes++ > 0) return;
      // The batch's rows are written but not committed when the process "dies": its transaction never commits.
      const { rows: written } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM claim_status`.execute(trx);
      expect(written[0].n).toBeGreaterThan(0);
      throw new Error('crash');
    };
    const log = new ClaimLog(store, 4);
    for (let i = 0; i < 4; i++)
      await log.apply({
        claim: i,
        kind: 'report',
        publisher: 0,
        stance: 'supports',
        confidence: 1,
        other: 0,
        verdict: 'denied',
      });
    for (let i = 0; i < 8; i++)
      await log.apply({
        claim: i,
        kind: 'evidence',
        publisher: i,
        stance: 'supports',
        confidence: 0.9,
        other: 0,
        verdict: 'denied',
      });
    runner(instrumented);
    await caughtUp();
    expect(crashes).toBeGreaterThan(1);
    // The crashed batch was delivered again from its first event.
    expect(new Set(instrumented.applied).size).toBeLessThan(instrumented.applied.length);
    const live = await rows();
    for (const [id, expected] of log.expected()) expect(live.get(id)).toEqual(expected);
    expect((await rebuilder.drift(projection.name)).drift).toMatchObject({ drifted: 0 });
  });

  it('runs one active projector across processes; another takes over when it stops', async () => {
    const otherDb = createKysely({ url: database.url, poolSize: 4 });
    const otherStore = new EventStore(otherDb, { connectionString: database.url });
    try {
      const first = new Instrumented(projection);
      const second = new Instrumented(projection);
      const one = runner(first);
      const two = runner(second, otherStore);
      const log = new ClaimLog(store, 3);
      for (let i = 0; i < 3; i++)
        await log.apply({
          claim: i,
          kind: 'report',
          publisher: 0,
          stance: 'supports',
          confidence: 1,
          other: 0,
          verdict: 'denied',
        });
      await caughtUp();
      const active = [...one.states(), ...two.states()].filter((s) => s.active);
      expect(active).toHaveLength(1);
      const [leader, standby, leaderRunner] = one.states()[0].active ? [first, second, one] : [second, first, two];
      expect(leader.applied.length).toBeGreaterThan(0);
      expect(standby.applied).toEqual([]);

      await leaderRunner.stop();
      for (let i = 0; i < 3; i++)
        await log.apply({
          claim: i,
          kind: 'evidence',
          publisher: i,
          stance: 'refutes',
          confidence: 1,
          other: 0,
          verdict: 'denied',
        });
      await caughtUp();
      expect(standby.applied.length).toBeGreaterThan(0);
      expect(new Set([...leader.applied, ...standby.applied]).size).toBe(
        leader.applied.length + standby.applied.length,
      );
      const live = await rows();
      for (const [id, expected] of log.expected()) expect(live.get(id)).toEqual(expected);
    } finally {
      await Promise.all(runners.splice(0).map((r) => r.stop()));
      await otherStore.onModuleDestroy();
      await otherDb.destroy();
    }
  });

  it('rebuilds while writes go on, and loses no event at the swap', async () => {
    runner();
    const log = new ClaimLog(store, 20);
    for (let i = 0; i < 20; i++)
      await log.apply({
        claim: i,
        kind: 'report',
        publisher: 0,
        stance: 'supports',
        confidence: 1,
        other: 0,
        verdict: 'denied',
      });
    let writing = true;
    let written = 0;
    const writer = (async () => {
      for (let i = 0; writing || written < 30; i++) {
        const ok = await log.apply({
          claim: i,
          kind: 'evidence',
          publisher: i,
          stance: STANCES[i % 3],
          confidence: (i % 10) / 10,
          other: 0,
          verdict: 'denied',
        });
        if (ok) written++;
      }
    })();
    const rebuilt = await rebuilder.rebuild(projection.name);
    writing = false;
    await writer;
    expect(rebuilt.drift.drifted).toBe(0);
    await caughtUp();
    const live = await rows();
    for (const [id, expected] of log.expected()) expect(live.get(id)).toEqual(expected);
    expect((await rebuilder.drift(projection.name)).drift).toMatchObject({ drifted: 0, inFlight: 0 });
  });
});
