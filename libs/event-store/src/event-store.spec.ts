import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { ConcurrencyError, IdempotencyConflict, LimitExceeded, ValidationFailed } from '@claimtrail/errors';
import { createTestDatabase, TestDatabase } from '../../../test/support/test-database';
import { EventStore } from './event-store';
import { AnyDomainEvent, DomainEvent, NewEvent, RecordedEvent, StreamFold } from './event-store.types';
import { eventHash } from './event-hash';

const stream = () => `claim-${randomUUID()}`;
const event = (type = 'ClaimReported', data: Record<string, unknown> = { text: 'x' }): NewEvent => ({ type, data });

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('EventStore (Postgres)', () => {
  let database: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    database = await createTestDatabase(24);
    store = new EventStore(database.db, { pageSize: 3, maxEventBytes: 2048, maxBatchEvents: 5 });
  });
  afterAll(() => database.drop());

  const countEvents = async (streamId: string) =>
    Number(
      (
        await database.db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('stream_id', '=', streamId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  describe('append and read', () => {
    it('round-trips a batch with versions, positions, metadata and a hash chain', async () => {
      const id = stream();
      const eventId = randomUUID();
      const metadata = { actor: { keyId: 'k1', role: 'reporter' }, correlationId: 'c-1' };
      const result = await store.appendToStream(id, [
        {
          eventId,
          type: 'ClaimReported',
          data: { text: 'The minister resigned', n: 1.5, nested: { b: 2, a: [1, 'x'] } },
          metadata,
        },
        { type: 'EvidenceAttached', data: { url: 'https://example.org' }, schemaVersion: 2 },
      ]);
      expect(result.nextExpectedVersion).toBe(2);
      expect(result.positions).toHaveLength(2);
      expect(result.positions[1]).toBeGreaterThan(result.positions[0]);
      expect(result.lastPosition).toBe(result.positions[1]);

      const read = await collect(store.readStream(id));
      expect(read.map((e) => [e.streamVersion, e.type, e.position])).toEqual([
        [1, 'ClaimReported', result.positions[0]],
        [2, 'EvidenceAttached', result.positions[1]],
      ]);
      const [first, second] = read;
      expect(first).toMatchObject({
        streamId: id,
        streamType: 'claim',
        eventId,
        schemaVersion: 1,
        data: { text: 'The minister resigned', n: 1.5, nested: { b: 2, a: [1, 'x'] } },
        metadata,
        prevHash: null,
      });
      expect(second.schemaVersion).toBe(2);
      expect(second.prevHash).toBe(first.hash);
      expect(first.recordedAt).toBeInstanceOf(Date);
      expect(first.recordedAt.getTime() % 1).toBe(0);
      expect(first.transactionId).toMatch(/^\d+$/);
      // The hash the database computed is the one an auditor recomputes from the export.
      expect(eventHash(null, first)).toBe(first.hash);
      expect(eventHash(first.hash, second)).toBe(second.hash);
    });

    it('chains, versions and positions batches alike on either side of the row-by-row insert (up to 8 events)', async () => {
      const roomy = new EventStore(database.db);
      for (const size of [1, 2, 8, 9, 20]) {
        const id = stream();
        await roomy.appendToStream(id, [event()]);
        const batch = Array.from({ length: size }, (_, i) => ({
          ...event('EvidenceAttached', { i }),
          eventId: randomUUID(),
        }));
        const result = await roomy.appendToStream(id, batch, { expectedVersion: 1 });
        expect(result.nextExpectedVersion).toBe(size + 1);
        const read = await collect(roomy.readStream(id));
        expect(read.map((e) => e.streamVersion)).toEqual(Array.from({ length: size + 1 }, (_, i) => i + 1));
        expect(read.slice(1).map((e) => e.position)).toEqual(result.positions);
        expect(result.positions).toEqual([...result.positions].sort((a, b) => a - b));
        read.forEach((e, i) => expect(e.hash).toBe(eventHash(i === 0 ? null : read[i - 1].hash, e)));
        // A retry of the batch is recognised, with the same positions.
        await expect(roomy.appendToStream(id, batch, { expectedVersion: 1 })).resolves.toEqual(result);
      }
    });

    it('plans its statements once (generic plans): the stored-id lookup was planned anew on every append', async () => {
      const { rows } = await sql<{ proconfig: string[] | null }>`
        SELECT proconfig FROM pg_proc WHERE proname = 'event_store_append'`.execute(database.db);
      expect(rows).toEqual([{ proconfig: ['plan_cache_mode=force_generic_plan'] }]);
    });

    it('reads a stream in pages, with fromVersion, toVersion and until', async () => {
      const id = stream();
      for (let i = 1; i <= 7; i++) await store.appendToStream(id, [event('Counted', { i })]);
      expect((await collect(store.readStream(id))).map((e) => e.data.i)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(
        (await collect(store.readStream(id, { fromVersion: 3, toVersion: 6 }))).map((e) => e.streamVersion),
      ).toEqual([3, 4, 5, 6]);
      const all = await collect(store.readStream(id));
      const cut = all[3].recordedAt;
      const until = await collect(store.readStream(id, { until: cut }));
      expect(until.every((e) => e.recordedAt <= cut)).toBe(true);
      expect(until.map((e) => e.streamVersion)).toEqual(
        all.filter((e) => e.recordedAt <= cut).map((e) => e.streamVersion),
      );
      expect(await collect(store.readStream(stream()))).toEqual([]);
    });

    it('readAll pages in position order with fromPosition, limit and types', async () => {
      const id = stream();
      const { positions } = await store.appendToStream(id, [
        event('A', { i: 1 }),
        event('B', { i: 2 }),
        event('A', { i: 3 }),
        event('B', { i: 4 }),
        event('A', { i: 5 }),
      ]);
      const from = positions[0];
      const all = await collect(store.readAll({ fromPosition: from }));
      expect(all.map((e) => e.position)).toEqual(positions);
      expect((await collect(store.readAll({ fromPosition: from, limit: 4 }))).map((e) => e.position)).toEqual(
        positions.slice(0, 4),
      );
      expect((await collect(store.readAll({ fromPosition: from, types: ['A'] }))).map((e) => e.data.i)).toEqual([
        1, 3, 5,
      ]);
      expect(await collect(store.readAll({ fromPosition: from, types: [] }))).toEqual([]);
      expect(await store.headPosition()).toBeGreaterThanOrEqual(positions[4]);
    });

    it('rejects malformed stream ids, types and payloads with ValidationFailed', async () => {
      for (const bad of ['claim', '-x', 'Claim-1', 'claim-', 'claim-a b', 'claim-"x', '']) {
        await expect(store.appendToStream(bad, [event()])).rejects.toBeInstanceOf(ValidationFailed);
      }
      await expect(store.appendToStream(stream(), [event('has space')])).rejects.toBeInstanceOf(ValidationFailed);
      await expect(store.appendToStream(stream(), [event('Ok', { s: 'nul\u0000' })])).rejects.toBeInstanceOf(
        ValidationFailed,
      );
      await expect(store.appendToStream(stream(), [{ ...event(), eventId: 'not-a-uuid' }])).rejects.toBeInstanceOf(
        ValidationFailed,
      );
      await expect(store.appendToStream(stream(), [])).rejects.toBeInstanceOf(ValidationFailed);
      await expect(collect(store.readStream('nope'))).rejects.toBeInstanceOf(ValidationFailed);
    });
  });

  describe('aggregateStream', () => {
    type Counted = { type: 'Counted'; data: { by: number } };
    const counter: StreamFold<number, Counted> = {
      initialState: () => 0,
      evolve: (total, e) => total + e.data.by,
      isEvent: (e): e is RecordedEvent<AnyDomainEvent> & Counted => e.type === 'Counted',
    };

    it("folds the domain's events only, and reports where the stream stands (past a foreign event too)", async () => {
      const id = stream();
      const appended = await store.appendToStream<Counted | DomainEvent>(id, [
        { type: 'Counted', data: { by: 2 } },
        { type: 'Counted', data: { by: 3 } },
        { type: 'Unrelated', data: {} },
        { type: 'Counted', data: { by: 5 } },
        { type: 'Noted', data: { note: 'last' } },
      ]);
      const folded = await store.aggregateStream(id, counter);
      expect(folded).toEqual({ state: 10, version: 5, position: appended.lastPosition, updatedAt: expect.any(Date) });
    });

    it('goes on from an earlier fold: reads only the events after it, and ends where a whole fold ends', async () => {
      const id = stream();
      await store.appendToStream<Counted>(id, [{ type: 'Counted', data: { by: 2 } }]);
      const earlier = await store.aggregateStream(id, counter);
      await store.appendToStream<Counted | DomainEvent>(id, [
        { type: 'Counted', data: { by: 3 } },
        { type: 'Noted', data: { note: 'foreign' } },
      ]);
      const reads = jest.spyOn(store, 'readStream');
      const onward = await store.aggregateStream(id, counter, { from: earlier });
      expect(reads).toHaveBeenCalledWith(id, expect.objectContaining({ fromVersion: 2 }));
      reads.mockRestore();
      expect(onward).toEqual(await store.aggregateStream(id, counter));
      expect(onward).toMatchObject({ state: 5, version: 3 });
      // Nothing new: the earlier fold, as it was.
      expect(await store.aggregateStream(id, counter, { from: onward })).toEqual(onward);
      expect(earlier).toMatchObject({ state: 2, version: 1 });
      await expect(store.aggregateStream(id, counter, { from: earlier, until: new Date() })).rejects.toThrow(/until/);
    });

    it('gives the initial state at version 0 for a stream that does not exist', async () => {
      expect(await store.aggregateStream(stream(), counter)).toEqual({
        state: 0,
        version: 0,
        position: 0,
        updatedAt: null,
      });
    });
  });

  describe('expected version', () => {
    it("'no_stream' succeeds once, then conflicts", async () => {
      const id = stream();
      await store.appendToStream(id, [event()], { expectedVersion: 'no_stream' });
      const error = await store.appendToStream(id, [event()], { expectedVersion: 'no_stream' }).catch((e) => e);
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(error).toMatchObject({ expected: 'no_stream', actual: 1 });
    });

    it("'stream_exists' conflicts on a new stream, then succeeds", async () => {
      const id = stream();
      const error = await store.appendToStream(id, [event()], { expectedVersion: 'stream_exists' }).catch((e) => e);
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(error).toMatchObject({ expected: 'stream_exists', actual: null });
      await store.appendToStream(id, [event()]);
      await expect(store.appendToStream(id, [event()], { expectedVersion: 'stream_exists' })).resolves.toMatchObject({
        nextExpectedVersion: 2,
      });
    });

    it('an exact version succeeds only when it matches; 0 means a new stream', async () => {
      const id = stream();
      await expect(store.appendToStream(id, [event()], { expectedVersion: 1 })).rejects.toMatchObject({
        expected: 1,
        actual: null,
      });
      await store.appendToStream(id, [event(), event()], { expectedVersion: 0 });
      await expect(store.appendToStream(id, [event()], { expectedVersion: 1 })).rejects.toMatchObject({
        expected: 1,
        actual: 2,
      });
      await expect(store.appendToStream(id, [event()], { expectedVersion: 2 })).resolves.toMatchObject({
        nextExpectedVersion: 3,
      });
      expect(await countEvents(id)).toBe(3);
    });

    it("'any' always appends", async () => {
      const id = stream();
      await store.appendToStream(id, [event()], { expectedVersion: 'any' });
      await expect(store.appendToStream(id, [event()])).resolves.toMatchObject({ nextExpectedVersion: 2 });
    });

    it('rejects a nonsense expected version', async () => {
      await expect(store.appendToStream(stream(), [event()], { expectedVersion: -1 })).rejects.toBeInstanceOf(
        ValidationFailed,
      );
    });

    it('of 20 parallel appends at the same version exactly one wins, and versions stay gap-free', async () => {
      const id = stream();
      await store.appendToStream(id, [event()]);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          store.appendToStream(id, [event('Raced', { i }), event('Raced', { i })], { expectedVersion: 1 }),
        ),
      );
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(19);
      for (const l of lost) expect(l.reason).toBeInstanceOf(ConcurrencyError);
      expect((await collect(store.readStream(id))).map((e) => e.streamVersion)).toEqual([1, 2, 3]);
    });

    it("parallel 'any' appends to one stream all land, with gap-free versions", async () => {
      const id = stream();
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.appendToStream(id, [event('Any', { i })])));
      const read = await collect(store.readStream(id));
      expect(read.map((e) => e.streamVersion)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      for (let i = 1; i < read.length; i++) expect(read[i].prevHash).toBe(read[i - 1].hash);
    });
  });

  describe('idempotent retries', () => {
    it('re-appending a stored batch returns the original positions and stores nothing', async () => {
      const id = stream();
      const batch = [
        { ...event(), eventId: randomUUID() },
        { ...event('EvidenceAttached'), eventId: randomUUID() },
      ];
      const first = await store.appendToStream(id, batch, { expectedVersion: 'no_stream' });
      await store.appendToStream(id, [event('Later')]);
      // The retry's expected version is stale by now: the retry still succeeds.
      const retry = await store.appendToStream(id, batch, { expectedVersion: 'no_stream' });
      expect(retry).toEqual(first);
      expect(await countEvents(id)).toBe(3);
    });

    it('concurrent identical appends all get the same result; one copy is stored', async () => {
      const id = stream();
      const batch = [
        { ...event(), eventId: randomUUID() },
        { ...event(), eventId: randomUUID() },
      ];
      const results = await Promise.all(
        Array.from({ length: 8 }, () => store.appendToStream(id, batch, { expectedVersion: 'no_stream' })),
      );
      for (const r of results) expect(r).toEqual(results[0]);
      expect(await countEvents(id)).toBe(2);
    });

    it('refuses an event id reused on another stream, or a batch that only partly matches', async () => {
      const id = stream();
      const stored = { ...event(), eventId: randomUUID() };
      await store.appendToStream(id, [stored]);
      await expect(store.appendToStream(stream(), [stored])).rejects.toBeInstanceOf(IdempotencyConflict);
      await expect(store.appendToStream(id, [stored, { ...event(), eventId: randomUUID() }])).rejects.toBeInstanceOf(
        IdempotencyConflict,
      );
      await expect(store.appendToStream(id, [stored, stored])).rejects.toBeInstanceOf(ValidationFailed);
      expect(await countEvents(id)).toBe(1);
    });

    it('two streams racing with the same new event id: one stores it, the other gets IdempotencyConflict', async () => {
      const shared = { ...event(), eventId: randomUUID() };
      const outcomes = await Promise.allSettled([
        store.appendToStream(stream(), [shared]),
        store.appendToStream(stream(), [shared]),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const lost = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(lost?.reason).toBeInstanceOf(IdempotencyConflict);
    });
  });

  describe('atomicity and transactions', () => {
    it('a batch with one bad event stores none of it', async () => {
      const id = stream();
      await expect(store.appendToStream(id, [event(), event('bad type!')])).rejects.toBeInstanceOf(ValidationFailed);
      // A failure inside Postgres (the jsonb cast of a lone surrogate) rolls the batch back too.
      await expect(store.appendToStream(id, [event(), event('Ok', { s: '\ud800' })])).rejects.toThrow();
      expect(await countEvents(id)).toBe(0);
      expect(
        await database.db.selectFrom('streams').select('version').where('stream_id', '=', id).executeTakeFirst(),
      ).toBeUndefined();
    });

    it("appends inside a caller's transaction commit or roll back with it", async () => {
      const committed = stream();
      const rolledBack = stream();
      await database.db.transaction().execute(async (trx) => {
        await store.appendToStream(committed, [event()], { trx });
        expect((await collect(store.readStream(committed, { trx }))).length).toBe(1);
      });
      await database.db
        .transaction()
        .execute(async (trx) => {
          await store.appendToStream(rolledBack, [event()], { trx });
          throw new Error('abort');
        })
        .catch(() => undefined);
      expect(await countEvents(committed)).toBe(1);
      expect(await countEvents(rolledBack)).toBe(0);
    });

    it("a stale REPEATABLE READ snapshot in the caller's transaction gets a ConcurrencyError, not a driver error", async () => {
      const id = stream();
      await store.appendToStream(id, [event()]);
      const error = await database.db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(async (trx) => {
          await sql`SELECT count(*) FROM streams`.execute(trx);
          await store.appendToStream(id, [event()]);
          await store.appendToStream(id, [event()], { trx });
        })
        .catch((e) => e);
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(await countEvents(id)).toBe(2);
    });

    it('events are append-only: UPDATE and DELETE are refused', async () => {
      const id = stream();
      await store.appendToStream(id, [event()]);
      await expect(sql`UPDATE events SET type = 'X' WHERE stream_id = ${id}`.execute(database.db)).rejects.toThrow(
        /append-only/,
      );
      await expect(sql`DELETE FROM events WHERE stream_id = ${id}`.execute(database.db)).rejects.toThrow(/append-only/);
    });
  });

  describe('limits', () => {
    it('refuses an event larger than maxEventBytes and a batch larger than maxBatchEvents', async () => {
      const id = stream();
      const big = await store.appendToStream(id, [event('Big', { s: 'x'.repeat(3000) })]).catch((e) => e);
      expect(big).toBeInstanceOf(LimitExceeded);
      expect(big.limit).toBe('maxEventBytes');
      // Bytes, not characters: 700 three-byte characters exceed 2048 bytes.
      await expect(store.appendToStream(id, [event('Big', { s: '€'.repeat(700) })])).rejects.toBeInstanceOf(
        LimitExceeded,
      );
      await expect(store.appendToStream(id, [event('Fits', { s: 'x'.repeat(1800) })])).resolves.toBeDefined();
      const many = await store
        .appendToStream(
          id,
          Array.from({ length: 6 }, () => event()),
        )
        .catch((e) => e);
      expect(many).toBeInstanceOf(LimitExceeded);
      expect(many.limit).toBe('maxBatchEvents');
      expect(await countEvents(id)).toBe(1);
    });
  });

  describe('upcasters', () => {
    it('lift old payloads on readStream and readAll, in a chain, but not on raw reads', async () => {
      const upcasting = new EventStore(database.db);
      upcasting.registerUpcaster('NameGiven', 1, (data) => ({ fullName: data.name }));
      upcasting.registerUpcaster('NameGiven', 2, (data) => ({ ...data, language: 'en' }));
      const id = stream();
      const { positions } = await upcasting.appendToStream(id, [
        { type: 'NameGiven', data: { name: 'Ada' } },
        { type: 'NameGiven', data: { fullName: 'Grace' }, schemaVersion: 2 },
        { type: 'NameGiven', data: { fullName: 'Edsger', language: 'nl' }, schemaVersion: 3 },
      ]);
      const expected = [
        { schemaVersion: 3, data: { fullName: 'Ada', language: 'en' } },
        { schemaVersion: 3, data: { fullName: 'Grace', language: 'en' } },
        { schemaVersion: 3, data: { fullName: 'Edsger', language: 'nl' } },
      ];
      const pick = (events: RecordedEvent[]) => events.map(({ schemaVersion, data }) => ({ schemaVersion, data }));
      expect(pick(await collect(upcasting.readStream(id)))).toEqual(expected);
      expect(pick(await collect(upcasting.readAll({ fromPosition: positions[0], limit: 3 })))).toEqual(expected);
      expect(pick(await collect(upcasting.readStream(id, { raw: true })))[0]).toEqual({
        schemaVersion: 1,
        data: { name: 'Ada' },
      });
      expect(() => upcasting.registerUpcaster('NameGiven', 1, (d) => d)).toThrow(/already registered/);
    });
  });
});
