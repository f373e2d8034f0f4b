import type { TableGrants } from '@claimtrail/database';
import './event-store.tables';
import * as createEventStore from './migrations/1795981256440-CreateEventStore';
import * as cheaperSmallAppends from './migrations/1796600000000-CheaperSmallAppends';

export { EventStore } from './event-store';
export type { EventStoreOptions, HorizonStatus, SubscriptionStatus } from './event-store';
export { Subscription } from './subscription';
export { ExclusiveLock } from './exclusive-lock';
export type { StartFrom, SubscribeOptions, SubscriptionHandler, SubscriptionState } from './subscription';
export type { Cursor } from './event-store.queries';
export type { VerifyOptions, VerifyResult } from './chain-verifier';
export { EventStoreModule } from './event-store.module';
export type {
  AggregatedStream,
  AggregateStreamOptions,
  AnyDomainEvent,
  AppendOptions,
  AppendResult,
  DomainEvent,
  EventMetadata,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  ReadFinishedOptions,
  ReadStreamOptions,
  RecordedEvent,
  RecordedEventEnvelope,
  StreamFold,
  Upcaster,
  UpcasterRegistration,
} from './event-store.types';
export type { EventsTable, StreamsTable, SubscriptionsTable } from './event-store.tables';
export { canonicalJson } from './canonical-json';
export { canonicalEventText, eventHash } from './event-hash';
export type { HashedFields } from './event-hash';
export { streamTypeOf } from './stream-id';

/** The event store's tables and append function; registered in libs/schema. */
export const eventStoreMigrations = {
  '1795981256440-CreateEventStore': createEventStore,
  '1796600000000-CheaperSmallAppends': cheaperSmallAppends,
};

/**
 * What the API and worker may do to the event store's tables (the app role's grants):
 * events are selected and inserted only; a stream's head row moves with each append.
 */
export const eventStoreTableGrants: TableGrants = {
  events: ['SELECT', 'INSERT'],
  streams: ['SELECT', 'INSERT', 'UPDATE'],
  subscriptions: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
};
