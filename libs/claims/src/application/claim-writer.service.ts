import { Injectable } from '@nestjs/common';
import { Kysely, Transaction } from 'kysely';
import { LRUCache } from 'lru-cache';
import { createHash, randomUUID } from 'node:crypto';
import { v5 as uuidV5 } from 'uuid';
import type { Actor } from '@claimtrail/auth';
import { AppConfig } from '@claimtrail/config';
import { Database, InjectDb } from '@claimtrail/database';
import { ConcurrencyError, PreconditionFailed } from '@claimtrail/errors';
import { AggregatedStream, canonicalJson, EventStore, NewEvent, ReadStreamOptions } from '@claimtrail/event-store';
import type { ClaimCommand, DecisionContext } from '../domain/claim.commands';
import { decide } from '../domain/claim.decider';
import { CLAIM_EVENT_SCHEMA_VERSION, ClaimEvent, ClaimStatus } from '../domain/claim.events';
import { ClaimState, evolve, publisherIdsOf } from '../domain/claim.state';
import type { Publisher } from '../domain/publisher';
import { claimStreamFold, claimStreamId } from './claim-stream';
import { IdempotencyRepository } from './idempotency.repository';
import { PublisherRepository } from './publisher.repository';

/** Who sent a command and why: recorded as the metadata of every event it appends. */
export interface CommandMetadata {
  actor: Actor;
  /** The request id (HTTP) or the job's correlation id (workers). */
  correlationId: string;
  /** The request id for HTTP commands; the triggering event's id for worker commands. */
  causationId: string;
  /** A retry with the same key returns the first result and appends nothing. */
  idempotencyKey?: string;
  /** The version the client saw (`If-Match`): a stale one fails with PreconditionFailed instead of being retried. */
  expectedVersion?: number;
}

/** What every claim write returns. */
export interface ClaimWriteResult {
  id: string;
  status: ClaimStatus;
  /** The stream's version after the write (the ETag). */
  version: number;
  /** Global log position of the write's last event (or of the claim's latest event when nothing was appended). */
  position: number;
}

/** A claim folded from its stream. */
export type LoadedClaim = AggregatedStream<ClaimState>;

/** What a handler gets to build its domain command. */
export interface DecisionInput {
  state: ClaimState;
  now: Date;
  /** The publishers registry entries and policy thresholds for the claim, plus `extraPublisherIds`. */
  context(...extraPublisherIds: (string | undefined)[]): Promise<DecisionContext>;
  /** Another claim, read on the command's connection (its transaction, when it has one). */
  loadClaim(claimId: string): Promise<LoadedClaim>;
  /**
   * A publisher by id, name or domain, added unrated when unknown — in the command's
   * transaction, so a refused command leaves no new publisher behind.
   */
  resolvePublisher(nameOrId: string, url?: string): Promise<Publisher>;
  /** The registry publisher a claimant speaks for (`PublisherRepository.findSpokenFor`), or undefined; adds nothing. */
  findPublisher(claimant: string): Promise<Publisher | undefined>;
}

/** How `ClaimWriter.execute` may write. */
export interface WriteOptions {
  /**
   * The claim id is new: generated at random, or derived from an Idempotency-Key whose record
   * (written in the same transaction as the stream) is absent. The first attempt decides on the
   * empty stream without reading it (one round trip fewer); the append expects version 0, so a
   * stream that exists after all is refused, and the retry reads it.
   */
  newStream?: boolean;
}

const MAX_ATTEMPTS = 5;
/** Claims whose last fold a writer keeps, to read only the events after it next time (the most recently written). */
const FOLDS_KEPT = 1_000;
/** `decideAndAppend` outside a transaction: the command would add a publisher, so it must run in one. */
const NEEDS_TRANSACTION = Symbol('needs a transaction');
/** Thrown by `resolvePublisher` outside a transaction instead of adding (caught in `decideAndAppend`). */
class PublisherToAdd extends Error {}
/** Namespace for ids derived from (API key, Idempotency-Key). */
const IDEMPOTENT_ID_NAMESPACE = 'a3f1f0de-6f62-4b7e-9d4c-2d1b1b6c8e55';

/**
 * Runs claim commands the event-sourced way: read the stream, fold it, decide, append
 * with the expected version — with idempotency keys and bounded retries on conflicts.
 * The event store is the repository; the rules live in the decider.
 */
@Injectable()
export class ClaimWriter {
  constructor(
    private readonly eventStore: EventStore,
    @InjectDb() private readonly db: Kysely<Database>,
    private readonly idempotency: IdempotencyRepository,
    private readonly publishers: PublisherRepository,
    private readonly config: AppConfig,
  ) {}

  /**
   * The fold each recently written claim was decided on. The next command on the claim reads only the events
   * appended since (by this process or any other) and folds them onto it, instead of the whole stream, which
   * grows with every piece of evidence. Only folds of committed events are kept: a command reads its claim before
   * it appends anything.
   */
  private readonly folds = new LRUCache<string, LoadedClaim>({ max: FOLDS_KEPT });

  /** A new id: derived from the idempotency key when there is one, so a retry gets the same id. */
  newId(metadata: CommandMetadata, label: string): string {
    return metadata.idempotencyKey
      ? uuidV5(`${metadata.actor.keyId}\n${metadata.idempotencyKey}\n${label}`, IDEMPOTENT_ID_NAMESPACE)
      : randomUUID();
  }

  async load(claimId: string, options: Pick<ReadStreamOptions, 'until' | 'trx'> = {}): Promise<LoadedClaim> {
    return this.eventStore.aggregateStream(claimStreamId(claimId), claimStreamFold, options);
  }

  /**
   * Decides `command` (built from the current state by `build`) on the claim and appends
   * the resulting events. `name` and `payload` identify the request for idempotency.
   */
  async execute(
    claimId: string,
    request: { name: string; payload: unknown },
    metadata: CommandMetadata,
    build: (input: DecisionInput) => ClaimCommand | Promise<ClaimCommand>,
    { newStream = false }: WriteOptions = {},
  ): Promise<ClaimWriteResult> {
    const { idempotencyKey, expectedVersion } = metadata;
    // Only a write with an Idempotency-Key is compared with an earlier one.
    const fingerprint = idempotencyKey
      ? createHash('sha256')
          .update(`${request.name}\n${canonicalJson(request.payload ?? null)}`)
          .digest('hex')
      : '';
    for (let attempt = 1; ; attempt++) {
      // Only the first attempt may skip reading the stream: a retry follows a conflict, so the stream exists.
      const unread = newStream && attempt === 1;
      try {
        // Without an Idempotency-Key, a command whose only write is its append needs no
        // transaction: the append checks the expected version itself, and each read sees the
        // committed state either way (READ COMMITTED). That is BEGIN and COMMIT fewer. A command
        // that would add a publisher runs again in a transaction, so a refused one adds none.
        if (!idempotencyKey) {
          const result = await this.decideAndAppend(claimId, metadata, build, this.db, unread);
          if (result !== NEEDS_TRANSACTION) return result;
        }
        return await this.db.transaction().execute(async (trx) => {
          if (idempotencyKey) {
            const replay = await this.idempotency.begin<ClaimWriteResult>(
              trx,
              metadata.actor.keyId,
              idempotencyKey,
              fingerprint,
            );
            if (replay) return replay;
          }
          const result = (await this.decideAndAppend(claimId, metadata, build, trx, unread)) as ClaimWriteResult;
          if (idempotencyKey)
            await this.idempotency.save(trx, metadata.actor.keyId, idempotencyKey, fingerprint, result);
          return result;
        });
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        // Read the whole stream again: never decide twice on a fold that lost a race.
        this.folds.delete(claimId);
        // The client decided on the version it saw: that version is gone, so retrying would be wrong.
        if (expectedVersion !== undefined) throw new PreconditionFailed(expectedVersion, error.actual ?? 0);
        if (attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Reads the claim, decides and appends, every statement on `db` (a transaction or the pool).
   * Outside a transaction it adds no publisher: NEEDS_TRANSACTION when the command would.
   */
  private async decideAndAppend(
    claimId: string,
    metadata: CommandMetadata,
    build: (input: DecisionInput) => ClaimCommand | Promise<ClaimCommand>,
    db: Kysely<Database>,
    newStream: boolean,
  ): Promise<ClaimWriteResult | typeof NEEDS_TRANSACTION> {
    const trx = db.isTransaction ? (db as Transaction<Database>) : undefined;
    const { expectedVersion } = metadata;
    const loaded: LoadedClaim = newStream
      ? { state: claimStreamFold.initialState(), version: 0, position: 0, updatedAt: null }
      : await this.loadOnward(claimId, trx);
    if (expectedVersion !== undefined && expectedVersion !== loaded.version)
      throw new PreconditionFailed(expectedVersion, loaded.version);
    // Everything the decision reads goes through `db`: in a transaction, a command never waits
    // for a second pooled connection while holding one (no pool deadlock).
    let command: ClaimCommand;
    let addedPublisher = false;
    try {
      command = await build({
        state: loaded.state,
        now: new Date(),
        context: (...ids) => this.contextFor(loaded.state, ids, db),
        loadClaim: (otherId) => this.load(otherId, { trx }),
        resolvePublisher: async (nameOrId, url) => {
          if (trx) {
            const found = await this.publishers.lookUp(nameOrId, url, trx);
            if ('publisher' in found) return found.publisher;
            addedPublisher = true;
            return this.publishers.add(found.toAdd, trx);
          }
          const found = await this.publishers.lookUp(nameOrId, url, db);
          if ('publisher' in found) return found.publisher;
          throw new PublisherToAdd();
        },
        // The registry in memory answers unless this transaction added to it (READ COMMITTED reads the committed one).
        findPublisher: (nameOrId) => this.publishers.findSpokenFor(nameOrId, db, !addedPublisher),
      });
    } catch (error) {
      if (error instanceof PublisherToAdd) return NEEDS_TRANSACTION;
      throw error;
    }
    const events = decide(command, loaded.state);
    const state = events.reduce(evolve, loaded.state);
    if (events.length === 0)
      return { id: claimId, status: state.status as ClaimStatus, version: loaded.version, position: loaded.position };
    const newEvents = events.map((event, i) => this.toNewEvent(event, metadata, `event:${loaded.version + i + 1}`));
    const appended = await this.eventStore.appendToStream(claimStreamId(claimId), newEvents, {
      expectedVersion: loaded.version,
      trx,
    });
    return {
      id: claimId,
      status: state.status as ClaimStatus,
      version: appended.nextExpectedVersion,
      position: appended.lastPosition,
    };
  }

  /** The claim, folded on from the fold its last command here was decided on (the whole stream the first time). */
  private async loadOnward(claimId: string, trx: Transaction<Database> | undefined): Promise<LoadedClaim> {
    const from = this.folds.get(claimId);
    const loaded = await this.eventStore.aggregateStream(claimStreamId(claimId), claimStreamFold, { trx, from });
    this.folds.set(claimId, loaded);
    return loaded;
  }

  private async contextFor(
    state: ClaimState,
    extraIds: (string | undefined)[],
    db: Kysely<Database>,
  ): Promise<DecisionContext> {
    // The claimant's publisher too: the policy needs its owner group, not only its id.
    const claimant = state.status === 'none' ? undefined : state.claimantPublisher;
    const ids = [...publisherIdsOf(state), ...[claimant, ...extraIds].filter((id): id is string => id !== undefined)];
    return { publishers: await this.publishers.snapshot(ids, db), policy: this.config.policy };
  }

  private toNewEvent(event: ClaimEvent, metadata: CommandMetadata, label: string): NewEvent<ClaimEvent> {
    return {
      ...event,
      // Ids derived from an Idempotency-Key make a retry's append a duplicate the store recognises. Without a key a
      // random id would recognise nothing: the store then picks time-ordered ids and skips its lookup of stored ids
      // (an index probe per event), and the event-id index takes ordered rather than random inserts.
      ...(metadata.idempotencyKey ? { eventId: this.newId(metadata, label) } : {}),
      schemaVersion: CLAIM_EVENT_SCHEMA_VERSION,
      metadata: {
        actor: { keyId: metadata.actor.keyId, role: metadata.actor.role },
        correlationId: metadata.correlationId,
        causationId: metadata.causationId,
        ...(metadata.idempotencyKey ? { idempotencyKey: metadata.idempotencyKey } : {}),
      },
    };
  }
}
