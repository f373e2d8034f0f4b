import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../../../test/support/test-database';
import { EventStore } from './event-store';
import { NewEvent, RecordedEvent } from './event-store.types';
import { SubscribeOptions, Subscription, SubscriptionHandler } from './subscription';

const stream = () => `claim-${randomUUID()}`;
const event = (type = 'ClaimReported', data: Record<string, unknown> = {}): NewEvent => ({ type, data });

/** Polls until `condition` holds; the deadline only turns a hang into a readable failure. */
async function eventually(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Handlers that only record what they were handed. */
const collect =
  (seen: RecordedEvent[]): SubscriptionHandler =>
  (batch) => {
    seen.push(...batch);
    return Promise.resolve();
  };
const collectPositions =
  (seen: number[]): SubscriptionHandler =>
  (batch) => {
    seen.push(...batch.map((e) => e.position));
    return Promise.resolve();
  };

const byLogOrder = (a: RecordedEvent, b: RecordedEvent) =>
  BigInt(a.transactionId) === BigInt(b.transactionId)
    ? a.position - b.position
    : BigInt(a.transactionId) < BigInt(b.transactionId)
      ? -1
      : 1;

describe('Subscriptions (Postgres)', () => {
  let database: TestDatabase;
  let store: EventStore;
  const fast: SubscribeOptions = { pollIntervalMs: 50, lockRetryMs: 100, retryDelayMs: 50, onError: () => undefined };

  beforeAll(async () => {
    database = await createTestDatabase(24);
    store = new EventStore(database.db, { connectionString: database.url });
    await sql`CREATE TABLE test_read_model (subscriber text NOT NULL, position bigint NOT NULL)`.execute(database.db);
  });
  afterAll(async () => {
    await store.onModuleDestroy();
    await database.drop();
  });

  /** Starts a subscriber and waits until it is active with its checkpoint stored. */
  async function start(
    name: string,
    handler: SubscriptionHandler,
    options: SubscribeOptions = {},
  ): Promise<Subscription> {
    const subscription = store.subscribe(name, handler, { ...fast, fromCheckpoint: 'end', ...options });
    await eventually(
      async () => subscription.state().active && (await store.checkpointOf(name)) !== null,
      `${name} active`,
    );
    return subscription;
  }

  /** A handler that writes a read-model row per event in the checkpoint's transaction. */
  const readModel =
    (name: string, seen: number[] = []): SubscriptionHandler =>
    async (batch, { trx }) => {
      for (const e of batch) await sql`INSERT INTO test_read_model VALUES (${name}, ${e.position})`.execute(trx);
      seen.push(...batch.map((e) => e.position));
    };

  const readModelRows = async (name: string) =>
    (
      await sql<{
        position: number;
      }>`SELECT position FROM test_read_model WHERE subscriber = ${name} ORDER BY position`.execute(database.db)
    ).rows.map((r) => Number(r.position));

  it('delivers every event once, in (transaction, position) order, from the start', async () => {
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        store.appendToStream(stream(), [event('Counted', { i }), event('Counted', { i })]),
      ),
    );
    const all: RecordedEvent[] = [];
    for await (const e of store.readAll()) all.push(e);
    const delivered: RecordedEvent[] = [];
    const subscription = store.subscribe('everything', collect(delivered), {
      ...fast,
      fromCheckpoint: 'start',
      batchSize: 7,
    });
    await eventually(() => delivered.length >= all.length, 'all delivered');
    const polls = subscription.state().polls;
    await eventually(() => subscription.state().polls >= polls + 2, 'more polls');
    await subscription.stop();
    expect(delivered.map((e) => e.position)).toEqual([...all].sort(byLogOrder).map((e) => e.position));
    expect(new Set(delivered.map((e) => e.position)).size).toBe(all.length);
    expect(subscription.state()).toMatchObject({ active: false, delivered: all.length, lastError: null });
  });

  it('never overtakes an append whose transaction commits late, then delivers each event exactly once', async () => {
    const seen: number[] = [];
    const subscription = await start('out-of-order', collectPositions(seen));

    const gate = deferred();
    const appended = deferred();
    let held = 0;
    const open = database.db.transaction().execute(async (trx) => {
      held = (await store.appendToStream(stream(), [event('Held')], { trx })).lastPosition;
      appended.resolve();
      await gate.promise;
    });
    await appended.promise;
    const later = [
      (await store.appendToStream(stream(), [event('Later')])).lastPosition,
      (await store.appendToStream(stream(), [event('Later')])).lastPosition,
    ];
    expect(later[0]).toBeGreaterThan(held);

    const polls = subscription.state().polls;
    await eventually(() => subscription.state().polls >= polls + 3, 'three polls after the later commits');
    expect(seen).toEqual([]);
    expect((await store.subscriptionStatus('out-of-order')).horizon.heldBack).toBe(true);

    gate.resolve();
    await open;
    await eventually(() => seen.length >= 3, 'all three delivered');
    const after = subscription.state().polls;
    await eventually(() => subscription.state().polls >= after + 2, 'more polls');
    expect(seen).toEqual([held, ...later]);
    await subscription.stop();
  });

  it('is not stalled by the gap a rolled-back append leaves', async () => {
    const seen: number[] = [];
    const subscription = await start('gaps', collectPositions(seen));
    const before = (await store.appendToStream(stream(), [event()])).lastPosition;
    await database.db
      .transaction()
      .execute(async (trx) => {
        await store.appendToStream(stream(), [event(), event()], { trx });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    const after = (await store.appendToStream(stream(), [event()])).lastPosition;
    expect(after).toBeGreaterThan(before + 1);
    await eventually(() => seen.includes(after), 'the event after the gap');
    expect(seen).toEqual([before, after]);
    await subscription.stop();
  });

  it('retries a batch whose handler throws: the read model gets each event exactly once', async () => {
    const name = 'crashy';
    const errors: unknown[] = [];
    let crashes = 0;
    const write = readModel(name);
    const subscription = await start(
      name,
      async (batch, ctx) => {
        await write(batch, ctx);
        if (crashes < 2 && batch.some((e) => e.data.i === 5)) {
          crashes++;
          throw new Error('handler crashed after writing');
        }
      },
      { batchSize: 3, onError: (e) => errors.push(e) },
    );
    const { positions } = await store.appendToStream(
      stream(),
      Array.from({ length: 10 }, (_, i) => event('Counted', { i })),
    );
    await eventually(async () => await store.hasProcessed(name, positions[9]), 'caught up');
    expect(await readModelRows(name)).toEqual(positions);
    expect(errors).toHaveLength(2);
    expect(subscription.state().lastError).toMatch(/handler crashed/);
    await subscription.stop();
  });

  it('resumes from its checkpoint after a stop between batches: no skip, no repeat', async () => {
    const name = 'resumable';
    const { positions } = await store.appendToStream(
      stream(),
      Array.from({ length: 20 }, (_, i) => event('Counted', { i })),
    );
    const first: number[] = [];
    const gate = deferred();
    const inSecondBatch = deferred();
    const write = readModel(name, first);
    const one = store.subscribe(
      name,
      async (batch, ctx) => {
        await write(batch, ctx);
        if (first.length === 4) {
          inSecondBatch.resolve();
          await gate.promise;
        }
      },
      { ...fast, fromCheckpoint: positions[0] - 1, batchSize: 2 },
    );
    await inSecondBatch.promise;
    const stopping = one.stop();
    gate.resolve();
    await stopping;
    expect(first).toEqual(positions.slice(0, 4));

    const second: number[] = [];
    const two = await start(name, readModel(name, second), { batchSize: 2 });
    await eventually(async () => await store.hasProcessed(name, positions[19]), 'caught up');
    await two.stop();
    expect(second).toEqual(positions.slice(4));
    expect(await readModelRows(name)).toEqual(positions);
  });

  it('replays from a reset checkpoint while running (a rebuild), each event once in the rebuilt model', async () => {
    const name = 'rebuilt';
    const subscription = await start(name, readModel(name), { fromCheckpoint: 'start' });
    const { positions } = await store.appendToStream(stream(), [event(), event(), event()]);
    await eventually(async () => await store.hasProcessed(name, positions[2]), 'built');
    const before = (await readModelRows(name)).length;

    await database.db.transaction().execute(async (trx) => {
      await sql`DELETE FROM test_read_model WHERE subscriber = ${name}`.execute(trx);
      await store.resetSubscription(name, { trx });
    });
    expect(await store.hasProcessed(name, positions[0])).toBe(false);
    await eventually(async () => await store.hasProcessed(name, positions[2]), 'rebuilt');
    const rows = await readModelRows(name);
    expect(rows).toHaveLength(before);
    expect(new Set(rows).size).toBe(rows.length);
    expect(rows.slice(-3)).toEqual(positions);
    await subscription.stop();
  });

  it('runs one instance per name; a standby takes over when the active one dies or stops', async () => {
    const name = 'singleton';
    const a: number[] = [];
    const b: number[] = [];
    const instanceA = await start(name, readModel(name, a));
    const instanceB = store.subscribe(name, readModel(name, b), fast);

    const batch1 = (await store.appendToStream(stream(), [event(), event(), event()])).positions;
    await eventually(async () => await store.hasProcessed(name, batch1[2]), 'first batch processed');
    expect(a).toEqual(batch1);
    expect(b).toEqual([]);
    expect(instanceB.state().active).toBe(false);

    // Kill A's lock connection, as if its process died: B takes over.
    const pid = instanceA.state().lockPid;
    await sql`SELECT pg_terminate_backend(${pid})`.execute(database.db);
    await eventually(() => instanceB.state().active, 'B active');
    const batch2 = (await store.appendToStream(stream(), [event(), event()])).positions;
    await eventually(async () => await store.hasProcessed(name, batch2[1]), 'second batch processed');
    expect(b).toEqual(batch2);
    expect(instanceA.state().active).toBe(false);

    // B stops cleanly: A, still standing by, takes over again.
    await instanceB.stop();
    await eventually(() => instanceA.state().active, 'A active again');
    const batch3 = (await store.appendToStream(stream(), [event()])).positions;
    await eventually(async () => await store.hasProcessed(name, batch3[0]), 'third batch processed');
    expect(a).toEqual([...batch1, ...batch3]);
    expect(await readModelRows(name)).toEqual([...batch1, ...batch2, ...batch3]);
    await instanceA.stop();
  });

  it('keeps polling while an idle-in-transaction session holds the horizon, and names it', async () => {
    const seen: number[] = [];
    const subscription = await start('patient', collectPositions(seen));
    const blocker = new Client({ connectionString: database.url, application_name: 'idle-blocker' });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      const { rows } = await blocker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid, pg_current_xact_id()');
      const { lastPosition } = await store.appendToStream(stream(), [event()]);

      // Other sessions on the server may briefly hold an older horizon; ours stays until we end it.
      await eventually(
        async () => (await store.horizonStatus()).heldBy?.pid === rows[0].pid,
        'horizon held by the blocker',
      );
      const status = await store.subscriptionStatus('patient');
      expect(status.horizon).toMatchObject({
        heldBack: true,
        heldBy: { pid: rows[0].pid, applicationName: 'idle-blocker', state: 'idle in transaction' },
      });
      expect(status.lag).toBeGreaterThan(0);
      const polls = subscription.state().polls;
      await eventually(() => subscription.state().polls >= polls + 3, 'still polling');
      expect(seen).toEqual([]);
      expect(subscription.state()).toMatchObject({ active: true, lastError: null });

      await blocker.query('ROLLBACK');
      await eventually(() => seen.includes(lastPosition), 'delivered once the horizon moves');
    } finally {
      await blocker.end();
      await subscription.stop();
    }
  });

  it('names the session and database when an idle transaction in another database holds the horizon', async () => {
    // The visibility horizon is server-wide: a transaction in any database holds it.
    const other = await createTestDatabase(1);
    const blocker = new Client({ connectionString: other.url, application_name: 'other-db-blocker' });
    await blocker.connect();
    const seen: number[] = [];
    const subscription = await start('held-by-other-db', collectPositions(seen));
    try {
      await blocker.query('BEGIN');
      const { rows } = await blocker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid, pg_current_xact_id()');
      const { lastPosition } = await store.appendToStream(stream(), [event()]);
      await eventually(
        async () => (await store.horizonStatus()).heldBy?.pid === rows[0].pid,
        'horizon held by the other database',
      );
      expect(await store.horizonStatus()).toMatchObject({
        heldBack: true,
        heldBy: {
          pid: rows[0].pid,
          database: other.name,
          applicationName: 'other-db-blocker',
          state: 'idle in transaction',
        },
      });
      expect(seen).not.toContain(lastPosition);
      await blocker.query('ROLLBACK');
      await eventually(() => seen.includes(lastPosition), 'delivered once the other database lets go');
    } finally {
      await blocker.end();
      await subscription.stop();
      await other.drop();
    }
  });

  it('is woken by appends in another process (NOTIFY) and in its own, not only by polling', async () => {
    const seen: number[] = [];
    const subscription = await start('woken', collectPositions(seen), {
      pollIntervalMs: 600_000,
    });
    const otherProcess = new EventStore(database.db);
    const remote = (await otherProcess.appendToStream(stream(), [event()])).lastPosition;
    await eventually(() => seen.includes(remote), 'woken by NOTIFY');
    const local = (await store.appendToStream(stream(), [event()])).lastPosition;
    await eventually(() => seen.includes(local), 'woken in process');
    await subscription.stop();
  });

  it('with a types filter, delivers only those types but checkpoints past the others', async () => {
    const name = 'filtered';
    const seen: RecordedEvent[] = [];
    const subscription = await start(name, collect(seen), { types: ['Wanted'] });
    const { positions } = await store.appendToStream(stream(), [event('Unwanted'), event('Wanted'), event('Unwanted')]);
    await eventually(
      async () => await store.hasProcessed(name, positions[2]),
      'checkpoint past the last unwanted event',
    );
    expect(seen.map((e) => e.position)).toEqual([positions[1]]);
    expect((await store.checkpointOf(name))?.position).toBe(positions[2]);
    await subscription.stop();
  });

  it('starts after a given position, and passes events through upcasters', async () => {
    const upcasting = new EventStore(database.db, {
      connectionString: database.url,
      upcasters: [{ type: 'Renamed', fromSchemaVersion: 1, upcast: (data) => ({ title: data.name }) }],
    });
    const { positions } = await upcasting.appendToStream(stream(), [
      { type: 'Renamed', data: { name: 'skipped' } },
      { type: 'Renamed', data: { name: 'old shape' } },
      { type: 'Renamed', data: { title: 'new shape' }, schemaVersion: 2 },
    ]);
    const seen: RecordedEvent[] = [];
    const subscription = upcasting.subscribe('upcasted', collect(seen), {
      ...fast,
      fromCheckpoint: positions[0],
    });
    await eventually(() => seen.length >= 2, 'two delivered');
    await subscription.stop();
    expect(seen.map((e) => [e.position, e.schemaVersion, e.data])).toEqual([
      [positions[1], 2, { title: 'old shape' }],
      [positions[2], 2, { title: 'new shape' }],
    ]);
  });
});
