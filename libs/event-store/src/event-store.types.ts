import { Transaction } from 'kysely';
import { Database } from '@claimtrail/database';

/** Who did it and why; stored with every event. Free-form beyond the named members. */
export interface EventMetadata {
  actor?: { keyId: string; role: string };
  correlationId?: string;
  causationId?: string;
  idempotencyKey?: string;
  [key: string]: unknown;
}

/**
 * An event as a domain defines it: a type name and its data. Domains declare a union of
 * these (`ClaimEvent`) and use it as the type argument of the store's API.
 */
export interface DomainEvent<Type extends string = string, Data extends object = Record<string, unknown>> {
  type: Type;
  data: Data;
}

/** Any domain's event: what the store itself handles. */
export type AnyDomainEvent = DomainEvent<string, object>;

/** An event to append; `E` (a union of domain events) types `type` and `data` together. */
export type NewEvent<E extends AnyDomainEvent = DomainEvent> = E extends AnyDomainEvent
  ? {
      /** UUID; generated (a time-ordered v7) when absent. Give one to make a retry idempotent. */
      eventId?: string;
      /** Past-tense name, e.g. `ClaimReported` (letters, digits, `_ . : -`). */
      type: E['type'];
      data: E['data'];
      metadata?: EventMetadata;
      /** Version of `data`'s shape; 1 when absent. Upcasters lift old versions on read. */
      schemaVersion?: number;
    }
  : never;

/** What the log stores about every event besides its type and data. */
export interface RecordedEventEnvelope {
  /** Global position in the log (gaps are possible: rolled-back appends burn positions). */
  position: number;
  streamId: string;
  /** The stream's category: the part of the stream id before the first `-`. */
  streamType: string;
  /** 1 for a stream's first event, gap-free. */
  streamVersion: number;
  eventId: string;
  schemaVersion: number;
  metadata: EventMetadata;
  recordedAt: Date;
  /** The appending transaction's id (xid8, decimal string). */
  transactionId: string;
  /** sha256 hex of `prevHash` + the canonical form (see `canonicalEventText`). */
  hash: string;
  /** The stream's previous event's hash; null for version 1. */
  prevHash: string | null;
}

/**
 * A stored event, as every read path returns it (after upcasting, unless `raw` was asked).
 * Untyped by default: narrow it with the domain's type guard (`isClaimEvent`) to get `E`.
 */
export type RecordedEvent<E extends AnyDomainEvent = DomainEvent> = E extends AnyDomainEvent
  ? RecordedEventEnvelope & { type: E['type']; data: E['data'] }
  : never;

/** How a domain folds its events into state (Emmett's `aggregateStream` arguments). */
export interface StreamFold<State, E extends AnyDomainEvent> {
  initialState(): State;
  evolve(state: State, event: E): State;
  /** Which stored events are the domain's; the others are skipped. */
  isEvent(event: RecordedEvent<AnyDomainEvent>): event is RecordedEvent<AnyDomainEvent> & E;
}

/** A stream folded into its current state, with where the stream stands. */
/** How `aggregateStream` reads: as of a moment, in a transaction, or on from a fold it returned before. */
export interface AggregateStreamOptions<State> extends Pick<ReadStreamOptions, 'until' | 'trx'> {
  /**
   * A fold of this stream that `aggregateStream` returned earlier: only the events after its version are read and
   * folded onto it. The fold must be pure and its states never mutated, so the result equals a fold of the whole
   * stream. Not with `until` (the earlier fold may hold later events).
   */
  from?: AggregatedStream<State>;
}

export interface AggregatedStream<State> {
  state: State;
  /** The stream's version (0 when it does not exist): the expected version of the next append. */
  version: number;
  /** Position of the stream's last event; 0 when there is none. */
  position: number;
  /** When the stream's last event was recorded; null when there is none. */
  updatedAt: Date | null;
}

/**
 * What the stream must look like for an append to go ahead:
 * `'any'`; `'no_stream'` (it must not exist); `'stream_exists'`; or `n`, the stream's
 * current version (0 means it does not exist yet).
 */
export type ExpectedVersion = 'any' | 'no_stream' | 'stream_exists' | number;

export interface AppendOptions {
  /** Defaults to `'any'`. */
  expectedVersion?: ExpectedVersion;
  /**
   * Append inside the caller's transaction (e.g. with a read-model or idempotency
   * write). Append BEFORE the transaction's other writes: the transaction id, which
   * orders delivery to subscribers, is assigned at the first write, and the store
   * takes the stream's lock before its own first write.
   */
  trx?: Transaction<Database>;
}

export interface AppendResult {
  /**
   * The stream's version after the append: pass it as `expectedVersion` next time. For a
   * retried (duplicate) batch: the version that batch reached when it was first stored.
   */
  nextExpectedVersion: number;
  /** Global positions of the appended events, in the request's order. */
  positions: number[];
  lastPosition: number;
}

export interface ReadStreamOptions {
  /** Inclusive; default 1. */
  fromVersion?: number;
  /** Inclusive. */
  toVersion?: number;
  /** Only events recorded at or before this moment (status "as of"). */
  until?: Date;
  /** Skip upcasters: the rows exactly as stored (audit export). */
  raw?: boolean;
  trx?: Transaction<Database>;
}

export interface ReadAllOptions {
  /** Inclusive; default the start of the log. */
  fromPosition?: number;
  /** Inclusive. */
  toPosition?: number;
  /** At most this many events. */
  limit?: number;
  /** Only these event types. */
  types?: readonly string[];
  /** Skip upcasters: the rows exactly as stored (audit export). */
  raw?: boolean;
}

export interface ReadFinishedOptions {
  /** Exclusive: start after this cursor (the last event a previous read returned). Default the start of the log. */
  after?: { transactionId: string; position: number };
  /** Only this stream. */
  streamId?: string;
  /** Only these event types. */
  types?: readonly string[];
  /** Skip upcasters: the rows exactly as stored (audit export). */
  raw?: boolean;
}

/** Transforms `data` of schema version `v` into version `v + 1`. */
export type Upcaster = (data: Record<string, unknown>, event: RecordedEvent) => Record<string, unknown>;

export interface UpcasterRegistration {
  type: string;
  fromSchemaVersion: number;
  upcast: Upcaster;
}
