import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Kysely, Transaction } from 'kysely';
import { Database, prepared } from '@claimtrail/database';
import { ConcurrencyError, IdempotencyConflict, LimitExceeded, ValidationFailed } from '@claimtrail/errors';
import { canonicalJson } from './canonical-json';
import { verifyChain, VerifyOptions, VerifyResult } from './chain-verifier';
import { AppendWatcher } from './append-watcher';
import {
  appendQuery,
  AppendArguments,
  checkpointQuery,
  Cursor,
  cursorAtQuery,
  EventRow,
  hasProcessedQuery,
  headPositionQuery,
  horizonQuery,
  horizonStatusQuery,
  notifyQuery,
  readAllQuery,
  compiledReadStreamQuery,
  setCheckpointQuery,
  subscriberBatchQuery,
} from './event-store.queries';
import {
  AggregatedStream,
  AggregateStreamOptions,
  AnyDomainEvent,
  AppendOptions,
  AppendResult,
  DomainEvent,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  ReadFinishedOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamFold,
  Upcaster,
  UpcasterRegistration,
} from './event-store.types';
import { ExclusiveLock } from './exclusive-lock';
import { isValidEventType, streamTypeOf } from './stream-id';
import {
  EVENTS_CHANNEL,
  StartFrom,
  startCursor,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from './subscription';
import { Upcasters } from './upcasters';
import { uuidV7 } from './uuid-v7';

/** Tunables of an EventStore; every member has a default. */
export interface EventStoreOptions {
  /** Connection string for subscriptions' dedicated connection (advisory lock + LISTEN). */
  connectionString?: string;
  /** Largest event accepted: UTF-8 bytes of canonical data + metadata. Default 1 MiB. */
  maxEventBytes?: number;
  /** Most events in one append. Default 256. */
  maxBatchEvents?: number;
  /** How often subscribers poll when no NOTIFY wakes them. Default 500 ms. */
  pollIntervalMs?: number;
  /** Rows fetched per round trip by the read paths. Default 2000. */
  pageSize?: number;
  upcasters?: UpcasterRegistration[];
}

/** What a subscriber has processed, and whether the visibility horizon holds it back. */
export interface SubscriptionStatus {
  name: string;
  /** Everything at or before this (transaction id, position) is processed; null before the first run. */
  checkpoint: Cursor | null;
  headPosition: number;
  /** Approximate events behind: head position minus the checkpoint's position. */
  lag: number;
  horizon: HorizonStatus;
}

/**
 * The visibility horizon: the oldest transaction still running (cluster-wide). Events of
 * later transactions wait for it, so a long or idle-in-transaction session delays every
 * subscriber; this names it.
 */
export interface HorizonStatus {
  /** xid8 of the oldest running transaction with an id. */
  transactionId: string;
  /** Committed events exist that subscribers cannot deliver until that transaction ends. */
  heldBack: boolean;
  /**
   * The session holding the horizon, when it is visible in pg_stat_activity — possibly in
   * another database of the same server: the horizon is server-wide (see the README).
   */
  heldBy: {
    pid: number;
    /** The database that session is connected to. */
    database: string | null;
    applicationName: string;
    state: string | null;
    transactionStartedAt: Date | null;
    heldForMs: number;
  } | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The event log on Postgres: the single source of truth. Appends are atomic per batch,
 * optimistic on the stream version and idempotent by event id; every event is
 * hash-chained within its stream; reads are async iterables passed through upcasters.
 */
@Injectable()
export class EventStore implements OnModuleDestroy {
  /** The limits in force (from options or defaults). */
  readonly limits: { maxEventBytes: number; maxBatchEvents: number };
  protected readonly pageSize: number;
  protected readonly upcasters = new Upcasters();
  private readonly subscriptions = new Set<Subscription>();
  private notifyInFlight = false;
  private notifyAgain = false;
  private readonly appendWatcher: AppendWatcher;

  constructor(
    protected readonly db: Kysely<Database>,
    protected readonly options: EventStoreOptions = {},
  ) {
    this.limits = {
      maxEventBytes: options.maxEventBytes ?? 1024 * 1024,
      maxBatchEvents: options.maxBatchEvents ?? 256,
    };
    this.pageSize = options.pageSize ?? 2000;
    for (const u of options.upcasters ?? []) this.registerUpcaster(u.type, u.fromSchemaVersion, u.upcast);
    this.appendWatcher = new AppendWatcher(options.connectionString);
  }

  /**
   * Appends `events` to `streamId` atomically (all or none).
   * @throws ConcurrencyError when the stream does not match `expectedVersion`.
   * @throws IdempotencyConflict when some event ids are already stored but not as this
   *   exact batch on this stream. Re-appending a stored batch returns its original
   *   positions and stores nothing (safe retries, concurrent ones included).
   * @throws ValidationFailed for a malformed stream id, event type, event id or payload.
   * @throws LimitExceeded for an oversized event or batch.
   */
  async appendToStream<E extends AnyDomainEvent = DomainEvent>(
    streamId: string,
    events: readonly NewEvent<E>[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const expectedVersion = options.expectedVersion ?? 'any';
    const args = this.prepareAppend(streamId, events, expectedVersion);
    const row = await (options.trx ?? this.db).executeQuery(prepared(appendQuery(args))).then(
      ({ rows }) => rows[0].outcome,
      (error) => {
        const constraint = (error as { constraint?: string }).constraint;
        // Two different streams racing to store the same event id: the loser lands here.
        if (constraint === 'events_event_id_key') throw idConflict(streamId);
        // Only reachable from a caller's REPEATABLE READ transaction, whose snapshot may
        // predate the stream's latest append.
        if (constraint === 'events_stream_version_key') throw new ConcurrencyError(streamId, expectedVersion, null);
        throw error;
      },
    );
    if (row.result === 'appended') {
      // Inside a caller's transaction the commit is out of sight: announce a little
      // later, and subscribers' polling covers a longer transaction.
      if (options.trx) setTimeout(() => this.announceAppend(), 25).unref();
      else this.announceAppend();
    }
    switch (row.result) {
      case 'appended':
      case 'duplicate': {
        const positions = row.positions ?? [];
        return { nextExpectedVersion: row.version!, positions, lastPosition: positions[positions.length - 1] };
      }
      case 'conflict':
        throw new ConcurrencyError(streamId, expectedVersion, row.version);
      case 'id_conflict':
        throw idConflict(streamId);
    }
  }

  /**
   * Folds a stream into its current state (Emmett's `aggregateStream`): the domain's events
   * only, through its own `evolve`, with the version to append at next.
   */
  async aggregateStream<State, E extends AnyDomainEvent>(
    streamId: string,
    fold: StreamFold<State, E>,
    { from, ...options }: AggregateStreamOptions<State> = {},
  ): Promise<AggregatedStream<State>> {
    if (from && options.until) throw new Error('aggregateStream: `from` and `until` do not go together');
    const aggregated: AggregatedStream<State> = from
      ? { ...from }
      : { state: fold.initialState(), version: 0, position: 0, updatedAt: null };
    for await (const event of this.readStream(streamId, { ...options, fromVersion: aggregated.version + 1 })) {
      if (fold.isEvent(event)) aggregated.state = fold.evolve(aggregated.state, event);
      aggregated.version = event.streamVersion;
      aggregated.position = event.position;
      aggregated.updatedAt = event.recordedAt;
    }
    return aggregated;
  }

  /** The events of one stream in version order; empty when the stream does not exist. */
  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    streamTypeOf(streamId);
    const db = options.trx ?? this.db;
    let fromVersion = options.fromVersion ?? 1;
    for (;;) {
      const query = compiledReadStreamQuery(db, {
        streamId,
        fromVersion,
        toVersion: options.toVersion,
        until: options.until,
        limit: this.pageSize,
      });
      // Prepared, as the append is: every claim write reads its stream first.
      const { rows } = await db.executeQuery(prepared(query));
      for (const row of rows) yield this.toRecorded(row, options.raw);
      if (rows.length < this.pageSize) return;
      fromVersion = rows[rows.length - 1].streamVersion + 1;
    }
  }

  /**
   * Every event in position order (audits, exports, rebuilds from a quiet log). Positions
   * can become visible out of order while appends are in flight: to follow the live log
   * without missing any, use `subscribe`.
   */
  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    if (options.types && options.types.length === 0) return;
    const page = (fromPosition: number, limit: number) => {
      const rows = readAllQuery(this.db, {
        fromPosition,
        toPosition: options.toPosition,
        types: options.types,
        limit,
      }).execute();
      // Marked handled: a consumer that stops early never awaits its prefetched page.
      rows.catch(() => undefined);
      return rows;
    };
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    let limit = Math.min(this.pageSize, remaining);
    let next = page(options.fromPosition ?? 0, limit);
    for (;;) {
      const rows = await next;
      remaining -= rows.length;
      const more = rows.length === limit && remaining > 0;
      if (more) {
        // Fetch the next page while this one is consumed: the database works while we parse.
        limit = Math.min(this.pageSize, remaining);
        next = page(rows[rows.length - 1].position + 1, limit);
      }
      for (const row of rows) yield this.toRecorded(row, options.raw);
      if (!more) return;
    }
  }

  /**
   * Every event of finished transactions after `after`, in the subscribers' gap-safe
   * (transaction id, position) order, up to the visibility horizon taken when the read
   * starts. No event can later appear before a cursor this returned: an event committed
   * afterwards belongs to a transaction at or above that horizon, and so sorts after
   * every event read. The last event's `{transactionId, position}` is therefore an exact
   * resume cursor for the next read — under any number of concurrent writers.
   */
  async *readFinished(options: ReadFinishedOptions = {}): AsyncIterable<RecordedEvent> {
    if (options.types && options.types.length === 0) return;
    // One horizon for every page: the set of events below it never changes.
    const { horizon } = (await horizonQuery().execute(this.db)).rows[0];
    let after: Cursor = options.after ?? { transactionId: '0', position: 0 };
    for (;;) {
      const rows = await subscriberBatchQuery(this.db, {
        after,
        horizon,
        types: options.types,
        streamId: options.streamId,
        limit: this.pageSize,
      }).execute();
      for (const row of rows) yield this.toRecorded(row, options.raw);
      if (rows.length < this.pageSize) return;
      after = { transactionId: rows[rows.length - 1].transactionId, position: rows[rows.length - 1].position };
    }
  }

  /**
   * The cursor of the stored event at `position` (to resume a reader after the last event
   * it handled), the start of the log for 0, or null when no event has that position.
   */
  async cursorAt(position: number): Promise<Cursor | null> {
    if (position === 0) return { transactionId: '0', position: 0 };
    const row = await cursorAtQuery(this.db, position).executeTakeFirst();
    return row ? { transactionId: row.transaction_id, position: row.position } : null;
  }

  /**
   * The cursor after every event of finished transactions: where a reader of new events only
   * starts. Inside `trx` when given (a registration that must order itself against a subscriber).
   */
  currentCursor(options: { trx?: Transaction<Database> } = {}): Promise<Cursor> {
    return startCursor(options.trx ?? this.db, 'end');
  }

  /**
   * Calls `listener` soon after any process appends (NOTIFY, on one shared LISTEN
   * connection per store). Best effort: readers must poll as well. Returns the unwatch function.
   */
  watchAppends(listener: () => void): () => void {
    return this.appendWatcher.watch(listener);
  }

  /** The highest position stored (0 for an empty log). */
  async headPosition(): Promise<number> {
    const row = await headPositionQuery(this.db).executeTakeFirst();
    return Number(row?.head ?? 0);
  }

  /**
   * Starts a gap-safe catch-up subscriber named `name` (the name keys its checkpoint and
   * its lock). It delivers every event once, in (transaction, position) order, to
   * `handler` inside the transaction that stores its checkpoint; a failed batch is
   * retried. One instance per name is active across processes; others stand by.
   * Needs `connectionString` (a dedicated connection holds the lock and LISTENs).
   */
  subscribe(name: string, handler: SubscriptionHandler, options: SubscribeOptions = {}): Subscription {
    if (!this.options.connectionString) throw new Error('EventStore.subscribe needs the connectionString option');
    if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/.test(name))
      throw new Error(`Invalid subscription name ${JSON.stringify(name)}`);
    if (options.types && options.types.length === 0) throw new Error('types, when given, must name at least one type');
    const subscription = new Subscription(
      {
        db: this.db,
        connectionString: this.options.connectionString,
        pollIntervalMs: this.options.pollIntervalMs ?? 500,
        toRecorded: (row) => this.toRecorded(row),
      },
      name,
      handler,
      options,
    );
    this.subscriptions.add(subscription);
    void subscription.stopped.then(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  /**
   * A single-active lock named `name` (see ExclusiveLock): the mechanism that keeps one
   * subscriber per name active, for other work that must run in one process at a time.
   * Names share the subscribers' namespace. The caller releases it.
   */
  exclusiveLock(name: string, options: { lockRetryMs?: number } = {}): ExclusiveLock {
    if (!this.options.connectionString) throw new Error('EventStore.exclusiveLock needs the connectionString option');
    return new ExclusiveLock({
      connectionString: this.options.connectionString,
      name,
      lockRetryMs: options.lockRetryMs,
    });
  }

  /** A subscriber's checkpoint, or null when it never ran. */
  async checkpointOf(name: string): Promise<Cursor | null> {
    const row = await checkpointQuery(this.db, name).executeTakeFirst();
    return row ? { transactionId: row.last_transaction_id, position: row.last_position } : null;
  }

  /**
   * Moves subscriber `name`'s checkpoint (default: back to the start), e.g. to rebuild a
   * read model: pass the `trx` that also clears the read model, so both commit together.
   * A running instance picks the new checkpoint up at its next batch.
   */
  async resetSubscription(
    name: string,
    options: { to?: StartFrom; trx?: Transaction<Database> } = {},
  ): Promise<Cursor> {
    const db = options.trx ?? this.db;
    const cursor = await startCursor(db, options.to ?? 'start');
    await setCheckpointQuery(db, name, cursor).execute();
    return cursor;
  }

  /** Whether subscriber `name` has processed the event at `position` (read-your-writes). */
  async hasProcessed(name: string, position: number): Promise<boolean> {
    const { rows } = await hasProcessedQuery(name, position).execute(this.db);
    return rows[0].processed;
  }

  /** Polls `hasProcessed` until true or `timeoutMs` passes; resolves to the last answer. */
  async waitUntilProcessed(
    name: string,
    position: number,
    { timeoutMs = 2000, intervalMs = 20 } = {},
  ): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await this.hasProcessed(name, position)) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  /** The visibility horizon and, when it is held back, which session holds it. */
  async horizonStatus(): Promise<HorizonStatus> {
    const { rows } = await horizonStatusQuery().execute(this.db);
    const r = rows[0];
    return {
      transactionId: r.horizon,
      heldBack: r.held_back,
      heldBy:
        r.pid === null
          ? null
          : {
              pid: r.pid,
              database: r.datname,
              applicationName: r.application_name ?? '',
              state: r.state,
              transactionStartedAt: r.xact_start,
              heldForMs: Number(r.held_for_ms ?? 0),
            },
    };
  }

  /** Checkpoint, lag and horizon of subscriber `name`, for metrics and health. */
  async subscriptionStatus(name: string): Promise<SubscriptionStatus> {
    const [checkpoint, headPosition, horizon] = await Promise.all([
      this.checkpointOf(name),
      this.headPosition(),
      this.horizonStatus(),
    ]);
    return { name, checkpoint, headPosition, lag: Math.max(0, headPosition - (checkpoint?.position ?? 0)), horizon };
  }

  /**
   * Recomputes the hash chains over a position range and reports the first position whose
   * stored row no longer matches (edited, deleted or reordered by hand). See chain-verifier.ts.
   */
  verify(options: VerifyOptions = {}): Promise<VerifyResult> {
    return verifyChain(this.db, options, this.pageSize);
  }

  /** Stops every subscription this store started (Nest calls it at shutdown). */
  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.appendWatcher.close();
  }

  /**
   * Registers a transformation of `type`'s data from `fromSchemaVersion` to the next
   * version. Applied on every read path; chains (v1 → v2 → v3).
   */
  registerUpcaster(type: string, fromSchemaVersion: number, upcast: Upcaster): void {
    this.upcasters.register(type, fromSchemaVersion, upcast);
  }

  /**
   * Wakes subscribers after a commit: this process's directly, other processes' with one
   * NOTIFY per burst of appends. The NOTIFY is deliberately not part of the append's own
   * transaction: Postgres commits notifying transactions one at a time under a global
   * lock, which would serialise every append's commit.
   */
  private announceAppend(): void {
    for (const subscription of this.subscriptions) subscription.wakeUp();
    this.appendWatcher.notify();
    if (this.notifyInFlight) this.notifyAgain = true;
    else void this.sendNotify();
  }

  private async sendNotify(): Promise<void> {
    this.notifyInFlight = true;
    try {
      do {
        this.notifyAgain = false;
        await this.db.executeQuery(prepared(notifyQuery(EVENTS_CHANNEL).compile(this.db)));
      } while (this.notifyAgain);
    } catch {
      // Best effort: subscribers poll as well.
    } finally {
      this.notifyInFlight = false;
    }
  }

  protected toRecorded(row: EventRow, raw = false): RecordedEvent {
    const event = row as RecordedEvent;
    return raw ? event : this.upcasters.apply(event);
  }

  private prepareAppend(
    streamId: string,
    events: readonly NewEvent<AnyDomainEvent>[],
    expectedVersion: ExpectedVersion,
  ): AppendArguments {
    const streamType = streamTypeOf(streamId);
    if (!Array.isArray(events) || events.length === 0) {
      throw new ValidationFailed([{ field: 'events', rule: 'too_small', message: 'append at least one event' }]);
    }
    if (events.length > this.limits.maxBatchEvents) {
      throw new LimitExceeded(
        'maxBatchEvents',
        `A batch holds at most ${this.limits.maxBatchEvents} events, got ${events.length}`,
      );
    }
    const expected = expectedModeOf(expectedVersion);
    const args: AppendArguments = {
      streamId,
      streamType,
      expected,
      expectedVersion: expected === 'exact' ? (expectedVersion as number) : null,
      eventIds: [],
      types: [],
      schemaVersions: [],
      data: [],
      metadata: [],
      checkExisting: false,
    };
    const seen = new Set<string>();
    events.forEach((event, i) => {
      const field = (name: string) => `events[${i}].${name}`;
      const invalid = (name: string, rule: string, message: string) =>
        new ValidationFailed([{ field: field(name), rule, message }]);
      if (event.eventId !== undefined) {
        if (typeof event.eventId !== 'string' || !UUID.test(event.eventId))
          throw invalid('eventId', 'invalid_format', 'must be a UUID');
        args.checkExisting = true;
      }
      const eventId = (event.eventId ?? uuidV7()).toLowerCase();
      if (seen.has(eventId)) throw invalid('eventId', 'duplicate', 'appears twice in the batch');
      seen.add(eventId);
      if (!isValidEventType(event.type)) throw invalid('type', 'invalid_format', 'must match [A-Za-z][A-Za-z0-9_.:-]*');
      const schemaVersion = event.schemaVersion ?? 1;
      if (!Number.isInteger(schemaVersion) || schemaVersion < 1)
        throw invalid('schemaVersion', 'invalid', 'must be an integer ≥ 1');
      if (!isPlainObject(event.data)) throw invalid('data', 'invalid_type', 'must be an object');
      if (event.metadata !== undefined && !isPlainObject(event.metadata))
        throw invalid('metadata', 'invalid_type', 'must be an object');
      const data = canonicalOrInvalid(event.data, () => invalid('data', 'invalid', 'is not storable JSON'));
      const metadata = canonicalOrInvalid(event.metadata ?? {}, () =>
        invalid('metadata', 'invalid', 'is not storable JSON'),
      );
      const bytes = Buffer.byteLength(data, 'utf8') + Buffer.byteLength(metadata, 'utf8');
      if (bytes > this.limits.maxEventBytes) {
        throw new LimitExceeded(
          'maxEventBytes',
          `Event ${i} is ${bytes} bytes (data + metadata); the limit is ${this.limits.maxEventBytes}`,
        );
      }
      args.eventIds.push(eventId);
      args.types.push(event.type);
      args.schemaVersions.push(schemaVersion);
      args.data.push(data);
      args.metadata.push(metadata);
    });
    return args;
  }
}

function idConflict(streamId: string): IdempotencyConflict {
  return new IdempotencyConflict(`Some of these event ids are already stored, but not as this batch on ${streamId}`, {
    streamId,
  });
}

function expectedModeOf(expected: ExpectedVersion): AppendArguments['expected'] {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return expected;
  if (typeof expected === 'number' && Number.isInteger(expected) && expected >= 0) return 'exact';
  throw new ValidationFailed([
    {
      field: 'expectedVersion',
      rule: 'invalid',
      message: "must be 'any', 'no_stream', 'stream_exists' or an integer ≥ 0",
    },
  ]);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function canonicalOrInvalid(value: unknown, invalid: () => ValidationFailed): string {
  try {
    return canonicalJson(value);
  } catch (error) {
    const failure = invalid();
    failure.errors[0].message += `: ${(error as Error).message}`;
    throw failure;
  }
}
