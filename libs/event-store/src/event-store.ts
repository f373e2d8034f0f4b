import { Injectable } from '@nestjs/common';
import { Kysely } from 'kysely';
import { randomUUID } from 'node:crypto';
import { Database } from '@claimtrail/database';
import { ConcurrencyError, IdempotencyConflict, LimitExceeded, ValidationFailed } from '@claimtrail/errors';
import { canonicalJson } from './canonical-json';
import { appendQuery, AppendArguments, EventRow, readAllQuery, readStreamQuery } from './event-store.queries';
import {
  AppendOptions,
  AppendResult,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Upcaster,
  UpcasterRegistration,
} from './event-store.types';
import { isValidEventType, streamTypeOf } from './stream-id';
import { Upcasters } from './upcasters';

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
  /** Rows fetched per round trip by the read paths. Default 1000. */
  pageSize?: number;
  upcasters?: UpcasterRegistration[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The event log on Postgres: the single source of truth. Appends are atomic per batch,
 * optimistic on the stream version and idempotent by event id; every event is
 * hash-chained within its stream; reads are async iterables passed through upcasters.
 */
@Injectable()
export class EventStore {
  /** The limits in force (from options or defaults). */
  readonly limits: { maxEventBytes: number; maxBatchEvents: number };
  protected readonly pageSize: number;
  protected readonly upcasters = new Upcasters();

  constructor(
    protected readonly db: Kysely<Database>,
    protected readonly options: EventStoreOptions = {},
  ) {
    this.limits = { maxEventBytes: options.maxEventBytes ?? 1024 * 1024, maxBatchEvents: options.maxBatchEvents ?? 256 };
    this.pageSize = options.pageSize ?? 1000;
    for (const u of options.upcasters ?? []) this.registerUpcaster(u.type, u.fromSchemaVersion, u.upcast);
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
  async appendToStream(streamId: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    const expectedVersion = options.expectedVersion ?? 'any';
    const args = this.prepareAppend(streamId, events, expectedVersion);
    const row = await appendQuery(args)
      .execute(options.trx ?? this.db)
      .then(({ rows }) => rows[0], (error) => {
        // Two different streams racing to store the same event id: the loser lands here.
        if ((error as { constraint?: string }).constraint === 'events_event_id_key') throw idConflict(streamId);
        throw error;
      });
    switch (row.result) {
      case 'appended':
      case 'duplicate': {
        const positions = (row.result_positions ?? []).map(Number);
        return { nextExpectedVersion: row.result_version!, positions, lastPosition: positions[positions.length - 1] };
      }
      case 'conflict':
        throw new ConcurrencyError(streamId, expectedVersion, row.result_version);
      case 'id_conflict':
        throw idConflict(streamId);
    }
  }

  /** The events of one stream in version order; empty when the stream does not exist. */
  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    streamTypeOf(streamId);
    const db = options.trx ?? this.db;
    let fromVersion = options.fromVersion ?? 1;
    for (;;) {
      const rows = await readStreamQuery(db, {
        streamId,
        fromVersion,
        toVersion: options.toVersion,
        until: options.until,
        limit: this.pageSize,
      }).execute();
      for (const row of rows) yield this.toRecorded(row, options.raw);
      if (rows.length < this.pageSize) return;
      fromVersion = rows[rows.length - 1].stream_version + 1;
    }
  }

  /**
   * Every event in position order (audits, exports, rebuilds from a quiet log). Positions
   * can become visible out of order while appends are in flight: to follow the live log
   * without missing any, use `subscribe`.
   */
  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    if (options.types && options.types.length === 0) return;
    let fromPosition = options.fromPosition ?? 0;
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const limit = Math.min(this.pageSize, remaining);
      const rows = await readAllQuery(this.db, {
        fromPosition,
        toPosition: options.toPosition,
        types: options.types,
        limit,
      }).execute();
      for (const row of rows) yield this.toRecorded(row, options.raw);
      if (rows.length < limit) return;
      remaining -= rows.length;
      fromPosition = rows[rows.length - 1].position + 1;
    }
  }

  /** The highest position stored (0 for an empty log). */
  async headPosition(): Promise<number> {
    const row = await this.db
      .selectFrom('events')
      .select((eb) => eb.fn.max('position').as('head'))
      .executeTakeFirst();
    return Number(row?.head ?? 0);
  }

  /**
   * Registers a transformation of `type`'s data from `fromSchemaVersion` to the next
   * version. Applied on every read path; chains (v1 → v2 → v3).
   */
  registerUpcaster(type: string, fromSchemaVersion: number, upcast: Upcaster): void {
    this.upcasters.register(type, fromSchemaVersion, upcast);
  }

  protected toRecorded(row: EventRow, raw = false): RecordedEvent {
    const event: RecordedEvent = {
      position: row.position,
      streamId: row.stream_id,
      streamType: row.stream_type,
      streamVersion: row.stream_version,
      eventId: row.event_id,
      type: row.type,
      schemaVersion: row.schema_version,
      data: row.data,
      metadata: row.metadata,
      recordedAt: row.recorded_at,
      transactionId: row.transaction_id,
      hash: row.hash,
      prevHash: row.prev_hash,
    };
    return raw ? event : this.upcasters.apply(event);
  }

  private prepareAppend(streamId: string, events: NewEvent[], expectedVersion: ExpectedVersion): AppendArguments {
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
        if (typeof event.eventId !== 'string' || !UUID.test(event.eventId)) throw invalid('eventId', 'invalid_format', 'must be a UUID');
        args.checkExisting = true;
      }
      const eventId = (event.eventId ?? randomUUID()).toLowerCase();
      if (seen.has(eventId)) throw invalid('eventId', 'duplicate', 'appears twice in the batch');
      seen.add(eventId);
      if (!isValidEventType(event.type)) throw invalid('type', 'invalid_format', 'must match [A-Za-z][A-Za-z0-9_.:-]*');
      const schemaVersion = event.schemaVersion ?? 1;
      if (!Number.isInteger(schemaVersion) || schemaVersion < 1) throw invalid('schemaVersion', 'invalid', 'must be an integer ≥ 1');
      if (!isPlainObject(event.data)) throw invalid('data', 'invalid_type', 'must be an object');
      if (event.metadata !== undefined && !isPlainObject(event.metadata)) throw invalid('metadata', 'invalid_type', 'must be an object');
      const data = canonicalOrInvalid(event.data, () => invalid('data', 'invalid', 'is not storable JSON'));
      const metadata = canonicalOrInvalid(event.metadata ?? {}, () => invalid('metadata', 'invalid', 'is not storable JSON'));
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
    { field: 'expectedVersion', rule: 'invalid', message: "must be 'any', 'no_stream', 'stream_exists' or an integer ≥ 0" },
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
