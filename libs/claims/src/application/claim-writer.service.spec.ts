import { randomUUID } from 'node:crypto';
import { loadConfig } from '@claimtrail/config';
import { ConcurrencyError, IllegalTransition, PreconditionFailed } from '@claimtrail/errors';
import { AppendOptions, EventStore, AnyDomainEvent, NewEvent } from '@claimtrail/event-store';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import type { ClaimCommand, SetEditorVerdict, WithdrawEditorVerdict } from '../domain/claim.commands';
import { ClaimWriter, CommandMetadata, DecisionInput } from './claim-writer.service';
import { IdempotencyRepository } from './idempotency.repository';
import { PublisherRepository, publisherSlug } from './publisher.repository';

/** An event store whose next `failures` appends lose a race. */
class RacingEventStore extends EventStore {
  failures = 0;
  appends = 0;

  override async appendToStream<E extends AnyDomainEvent>(
    streamId: string,
    events: readonly NewEvent<E>[],
    options: AppendOptions = {},
  ) {
    this.appends++;
    if (this.failures > 0) {
      this.failures--;
      throw new ConcurrencyError(streamId, options.expectedVersion ?? 'any', 99);
    }
    return super.appendToStream<E>(streamId, events, options);
  }
}

describe('ClaimWriter', () => {
  let database: TestDatabase;
  let eventStore: RacingEventStore;
  let writer: ClaimWriter;
  const metadata: CommandMetadata = { actor: { keyId: 'spec', role: 'system' }, correlationId: 'c', causationId: 'c' };
  const report = (claimId: string) => (): ClaimCommand => ({
    type: 'ReportClaim',
    claimId,
    text: 't',
    claimant: 'c',
    citedUrls: [],
    language: 'en',
    now: new Date(),
  });
  const attempt = (claimId: string, meta = metadata) =>
    writer.execute(claimId, { name: 'ReportClaim', payload: { claimId } }, meta, report(claimId));

  beforeAll(async () => {
    database = await createTestDatabase(2);
    eventStore = new RacingEventStore(database.db);
    writer = new ClaimWriter(
      eventStore,
      database.db,
      new IdempotencyRepository(),
      new PublisherRepository(database.db),
      loadConfig({}),
    );
  });
  beforeEach(() => {
    eventStore.appends = 0;
  });
  afterAll(() => database.drop());

  it('re-decides on the new state after losing a race, and then appends', async () => {
    eventStore.failures = 2;
    const id = randomUUID();
    await expect(attempt(id)).resolves.toMatchObject({ id, status: 'reported', version: 1 });
    expect(eventStore.appends).toBe(3);
  });

  it('writes a new stream without reading it, and still refuses one that exists', async () => {
    const reads = jest.spyOn(eventStore, 'readStream');
    const id = randomUUID();
    const fresh = () =>
      writer.execute(id, { name: 'ReportClaim', payload: { id } }, metadata, report(id), { newStream: true });
    await expect(fresh()).resolves.toMatchObject({ id, status: 'reported', version: 1 });
    expect(reads).not.toHaveBeenCalled();
    // The append expects version 0, so a stream that exists after all is refused; the retry reads it and decides on
    // what is there (reporting an existing claim is an illegal transition).
    await expect(fresh()).rejects.toBeInstanceOf(IllegalTransition);
    expect(reads).toHaveBeenCalledTimes(1);
    reads.mockRestore();
    expect((await writer.load(id)).version).toBe(1);
  });

  it('gives up after five attempts with the ConcurrencyError', async () => {
    eventStore.failures = 5;
    await expect(attempt(randomUUID())).rejects.toBeInstanceOf(ConcurrencyError);
    expect(eventStore.appends).toBe(5);
  });

  it('does not retry a write pinned to the version the client saw: 412 at once', async () => {
    eventStore.failures = 1;
    await expect(attempt(randomUUID(), { ...metadata, expectedVersion: 0 })).rejects.toBeInstanceOf(PreconditionFailed);
    expect(eventStore.appends).toBe(1);
  });

  describe('folding on from the fold its last command was decided on', () => {
    /** An editor's command on the claim, with the decision context the writer gives it. */
    const editor =
      (fields: Pick<SetEditorVerdict, 'type' | 'status' | 'reason'> | Pick<WithdrawEditorVerdict, 'type' | 'reason'>) =>
      (claimId: string) =>
      async ({ context }: DecisionInput): Promise<ClaimCommand> => ({
        ...fields,
        claimId,
        context: await context(),
        now: new Date(),
      });
    const verdict = editor({ type: 'SetEditorVerdict', status: 'denied', reason: 'checked with the ministry' });
    const withdraw = editor({ type: 'WithdrawEditorVerdict', reason: 'set in error' });
    const run = (on: ClaimWriter, claimId: string, build: (input: DecisionInput) => Promise<ClaimCommand>) =>
      on.execute(claimId, { name: 'spec', payload: {} }, metadata, build);

    it("reads only the events after it, and decides on what another process's writer appended since", async () => {
      // Another API process or the worker: a writer with folds of its own.
      const elsewhere = new ClaimWriter(
        eventStore,
        database.db,
        new IdempotencyRepository(),
        new PublisherRepository(database.db),
        loadConfig({}),
      );
      const id = randomUUID();
      const reported = await attempt(id);
      await run(writer, id, verdict(id)); // decided on (and keeps) the fold at `reported.version`
      const withdrawn = await run(elsewhere, id, withdraw(id)); // unseen by `writer`
      const reads = jest.spyOn(eventStore, 'readStream');
      eventStore.appends = 0;
      // Deciding on the kept fold alone would lose the append's race, and read the whole stream again.
      const again = await run(writer, id, verdict(id));
      expect(again).toMatchObject({ status: 'denied' });
      expect(again.version).toBeGreaterThan(withdrawn.version);
      expect(eventStore.appends).toBe(1);
      expect(reads.mock.calls.map(([, options]) => options?.fromVersion)).toEqual([reported.version + 1]);
      reads.mockRestore();
      expect((await writer.load(id)).version).toBe(again.version);
    });

    it('reads the whole stream again after losing a race', async () => {
      const id = randomUUID();
      const reported = await attempt(id);
      const set = await run(writer, id, verdict(id));
      const reads = jest.spyOn(eventStore, 'readStream');
      eventStore.failures = 1;
      await expect(run(writer, id, withdraw(id))).resolves.toMatchObject({ id });
      expect(reads.mock.calls.map(([, options]) => options?.fromVersion)).toEqual([reported.version + 1, 1]);
      reads.mockRestore();
      expect((await writer.load(id)).version).toBeGreaterThan(set.version);
    });
  });

  it('derives ids from the idempotency key, per API key', () => {
    const keyed = { ...metadata, idempotencyKey: 'k1' };
    expect(writer.newId(keyed, 'claim')).toBe(writer.newId(keyed, 'claim'));
    expect(writer.newId(keyed, 'claim')).not.toBe(
      writer.newId({ ...keyed, actor: { keyId: 'other', role: 'system' } }, 'claim'),
    );
    expect(writer.newId(metadata, 'claim')).not.toBe(writer.newId(metadata, 'claim'));
  });

  it('leaves event ids to the store without an idempotency key, and derives them from one', async () => {
    const appends = jest.spyOn(eventStore, 'appendToStream');
    const id = randomUUID();
    await attempt(id);
    const [, plain] = appends.mock.calls[0];
    expect(plain.map((e) => e.eventId)).toEqual([undefined]);
    // The store's own ids are time-ordered (UUIDv7).
    for await (const stored of eventStore.readStream(`claim-${id}`)) expect(stored.eventId).toMatch(/^.{14}7/);

    const keyed = { ...metadata, idempotencyKey: `k-${id}` };
    const other = randomUUID();
    await attempt(other, keyed);
    const [, derived] = appends.mock.calls[1];
    expect(derived.map((e) => e.eventId)).toEqual([writer.newId(keyed, 'event:1')]);
    appends.mockRestore();
  });

  describe('a command that adds a publisher (it runs in a transaction, not on the fast path)', () => {
    const withArticle = (claimId: string, outlet: string) => async (input: DecisionInput) => {
      const url = `https://${publisherSlug(outlet)}.example/a`;
      const publisher = await input.resolvePublisher(outlet, url);
      const article = { publisher: publisher.id, url, title: 'A', publishedAt: '2026-12-01T00:00:00Z' };
      return { ...report(claimId)(), article } as ClaimCommand;
    };

    it('adds the publisher and appends once', async () => {
      const id = randomUUID();
      const outlet = `Spec Outlet ${id.slice(0, 8)}`;
      await expect(
        writer.execute(id, { name: 'ReportClaim', payload: { id } }, metadata, withArticle(id, outlet)),
      ).resolves.toMatchObject({ id, version: 1 });
      expect(eventStore.appends).toBe(1);
      expect(await new PublisherRepository(database.db).findById(publisherSlug(outlet))).toMatchObject({
        name: outlet,
        reliability: null,
      });
    });

    it('leaves no publisher behind when the command is refused', async () => {
      const id = randomUUID();
      const outlet = `Refused Outlet ${id.slice(0, 8)}`;
      const refused = async (input: DecisionInput): Promise<ClaimCommand> => {
        await withArticle(id, outlet)(input);
        throw new PreconditionFailed(1, 0);
      };
      await expect(
        writer.execute(id, { name: 'ReportClaim', payload: { id } }, metadata, refused),
      ).rejects.toBeInstanceOf(PreconditionFailed);
      expect(eventStore.appends).toBe(0);
      expect(await new PublisherRepository(database.db).findById(publisherSlug(outlet))).toBeUndefined();
    });
  });
});
