import { Inject, Injectable } from '@nestjs/common';
import { Kysely, sql } from 'kysely';
import { AppConfig } from '@claimtrail/config';
import { AdvisoryLockSpace, Database, InjectDb } from '@claimtrail/database';
import { IllegalTransition, NotFound } from '@claimtrail/errors';
import { Cursor, EventStore } from '@claimtrail/event-store';
import { AnyProjection, liveSubscriptionName, PROJECTIONS, shadowSubscriptionName } from './projection';
import { projectorHandler } from './projection-runner';
import { ProjectionRebuildStatus } from './projections.tables';
import { checkDrift, DriftReport } from './rebuild/drift-check';
import { RebuildLog } from './rebuild/rebuild-log';
import { ShadowTable } from './rebuild/shadow-table';

export type { DriftedRow, DriftReport } from './rebuild/drift-check';

type Purpose = 'rebuild' | 'drift';

export interface RebuildReport {
  name: string;
  purpose: Purpose;
  /** Events applied to the shadow table. */
  processed: number;
  elapsedMs: number;
  eventsPerSecond: number;
  drift: DriftReport;
  /** The checkpoint the live projection continues from (rebuild only). */
  checkpoint: Cursor | null;
}

export interface RebuildProgress {
  processed: number;
  /** The head position when the rebuild started: an estimate of the events to process. */
  total: number;
}

export interface RebuildOptions {
  /** Called after every committed batch. */
  onProgress?: (progress: RebuildProgress) => void;
  batchSize?: number;
}

/** A rebuild or drift check in progress. */
export interface RunningRebuild {
  /** Settles when the shadow was swapped in (rebuild) or compared and dropped (drift). */
  finished: Promise<RebuildReport>;
}

/** A projection's state, for operators (`GET /admin/projections/:name`). */
export interface ProjectionStatus {
  name: string;
  table: string;
  checkpoint: Cursor | null;
  headPosition: number;
  /** Approximate events behind the head. */
  lag: number;
  /** The oldest running transaction holds back events subscribers could otherwise deliver. */
  horizonHeldBack: boolean;
  lastRebuild: {
    status: ProjectionRebuildStatus | 'interrupted';
    processed: number;
    total: number;
    startedAt: string;
    updatedAt: string;
    finishedAt: string | null;
    drift: Omit<DriftReport, 'rows'> | null;
    error: string | null;
  } | null;
}

const FLUSH_PARALLELISM = 2;

/**
 * Rebuilds a projection without downtime: a shadow table (`<table>_rebuild`, created
 * LIKE the live one) is filled by its own subscription from position 0 until it has
 * caught up with the log, compared with the live table, then swapped in by renaming,
 * in one transaction that also hands the shadow's checkpoint to the live projector.
 * Reads keep answering from the old table until that commit. A drift check does the
 * same into `<table>_drift` and only compares. One run per projection at a time, across
 * processes (an advisory lock).
 */
@Injectable()
export class ProjectionRebuilder {
  private readonly log: RebuildLog;

  constructor(
    @InjectDb() private readonly db: Kysely<Database>,
    private readonly eventStore: EventStore,
    @Inject(PROJECTIONS) private readonly projections: AnyProjection[],
    private readonly config: AppConfig,
  ) {
    this.log = new RebuildLog(db);
  }

  /** Names of the registered projections. */
  names(): string[] {
    return this.projections.map((p) => p.name);
  }

  /** @throws NotFound for an unknown projection name. */
  projection(name: string): AnyProjection {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) throw new NotFound('Projection', name);
    return projection;
  }

  /**
   * Starts a rebuild (or a drift check) and resolves once it holds the projection's
   * rebuild lock; `finished` settles with the report.
   * @throws IllegalTransition `rebuild-in-progress` when one is already running (any process).
   */
  async start(name: string, purpose: Purpose, options: RebuildOptions = {}): Promise<RunningRebuild> {
    const projection = this.projection(name);
    let started!: () => void;
    const isStarted = new Promise<void>((resolve) => (started = resolve));
    const finished = this.db.connection().execute(async (connection) => {
      const { rows } = await sql<{ locked: boolean }>`
        SELECT pg_try_advisory_lock(${AdvisoryLockSpace.ProjectionRebuild}, hashtext(${name})) AS locked`.execute(
        connection,
      );
      if (!rows[0].locked)
        throw new IllegalTransition('rebuild-in-progress', `A rebuild or drift check of ${name} is already running`);
      try {
        await this.log.started(name);
        started();
        return await this.run(projection, purpose, options);
      } catch (error) {
        await this.log.failed(name, error).catch(() => undefined);
        throw error;
      } finally {
        await sql`SELECT pg_advisory_unlock(${AdvisoryLockSpace.ProjectionRebuild}, hashtext(${name}))`.execute(
          connection,
        );
      }
    });
    await Promise.race([isStarted, finished]);
    return { finished };
  }

  /** Rebuilds and waits for the swap. */
  async rebuild(name: string, options: RebuildOptions = {}): Promise<RebuildReport> {
    return (await this.start(name, 'rebuild', options)).finished;
  }

  /** Rebuilds into a scratch table, compares it with the live one, and drops it. */
  async drift(name: string, options: RebuildOptions = {}): Promise<RebuildReport> {
    return (await this.start(name, 'drift', options)).finished;
  }

  async status(name: string): Promise<ProjectionStatus> {
    const projection = this.projection(name);
    const [subscription, rebuild, running] = await Promise.all([
      this.eventStore.subscriptionStatus(liveSubscriptionName(projection)),
      this.log.last(name),
      this.isRunning(name),
    ]);
    const drift = rebuild?.drift;
    return {
      name,
      table: projection.table,
      checkpoint: subscription.checkpoint,
      headPosition: subscription.headPosition,
      lag: subscription.lag,
      horizonHeldBack: subscription.horizon.heldBack,
      lastRebuild: rebuild
        ? {
            status: rebuild.status === 'running' && !running ? 'interrupted' : rebuild.status,
            processed: rebuild.processed,
            total: rebuild.total,
            startedAt: rebuild.startedAt.toISOString(),
            updatedAt: rebuild.updatedAt.toISOString(),
            finishedAt: rebuild.finishedAt?.toISOString() ?? null,
            drift: drift ? { compared: drift.compared, drifted: drift.drifted, inFlight: drift.inFlight } : null,
            error: rebuild.error,
          }
        : null,
    };
  }

  private async run(projection: AnyProjection, purpose: Purpose, options: RebuildOptions): Promise<RebuildReport> {
    const startedAt = Date.now();
    const shadow = new ShadowTable(projection, purpose);
    const subscription = shadowSubscriptionName(projection, purpose);
    await this.log.expecting(projection.name, await this.eventStore.headPosition());
    await this.db.transaction().execute(async (trx) => {
      await shadow.create(trx);
      // A previous run that died leaves its checkpoint behind: start from 0 again.
      await trx.deleteFrom('subscriptions').where('name', '=', subscription).execute();
    });

    const pending = new Map<string, unknown>();
    const processed = await this.fill(projection, shadow, subscription, pending, options);
    await this.flush(projection, shadow, pending);
    await shadow.copyIndexes(this.db);

    const drift = await checkDrift(this.db, projection, { table: shadow.name, subscription });
    const checkpoint = purpose === 'rebuild' ? await this.swap(projection, shadow, subscription) : null;
    if (purpose === 'drift') await this.dropShadow(shadow, subscription);
    await this.log.finished(projection.name, purpose === 'rebuild' ? 'swapped' : 'checked', processed, drift);

    const elapsedMs = Date.now() - startedAt;
    const eventsPerSecond = Math.round(processed / Math.max(elapsedMs / 1000, 0.001));
    return { name: projection.name, purpose, processed, elapsedMs, eventsPerSecond, drift, checkpoint };
  }

  /** Runs the shadow's subscription from position 0 until it has caught up; returns the events applied. */
  private async fill(
    projection: AnyProjection,
    shadow: ShadowTable,
    subscriptionName: string,
    pending: Map<string, unknown>,
    options: RebuildOptions,
  ): Promise<number> {
    const total = await this.eventStore.headPosition();
    let processed = 0;
    let failure: unknown = null;
    const apply = projectorHandler(projection, shadow.name, pending);
    const subscription = this.eventStore.subscribe(
      subscriptionName,
      async (batch, ctx) => {
        await apply(batch, ctx);
        await this.log.processed(ctx.trx, projection.name, processed + batch.length);
        processed += batch.length;
        options.onProgress?.({ processed, total });
      },
      {
        fromCheckpoint: 'start',
        types: projection.eventTypes,
        batchSize: options.batchSize ?? this.config.projections.rebuildBatchSize,
        pollIntervalMs: 50,
        lockRetryMs: 100,
        retryDelayMs: 100,
        // A rebuild has no reason to fail a batch twice: stop and report it.
        onError: (error) => (failure ??= error),
      },
    );
    try {
      await this.catchUp(subscriptionName, () => failure);
    } finally {
      await subscription.stop();
    }
    if (failure) throw failure;
    return processed;
  }

  /**
   * Waits until the shadow subscription has processed the log's head as of the start,
   * then the head as of then: a moving head is never chased (writes may go on forever);
   * what is appended later reaches the new table through the live projector, which
   * continues from the shadow's checkpoint after the swap.
   */
  private async catchUp(subscriptionName: string, failure: () => unknown): Promise<void> {
    for (let round = 0; round < 2; round++) {
      const head = await this.eventStore.headPosition();
      for (;;) {
        if (failure()) return;
        const checkpoint = await this.eventStore.checkpointOf(subscriptionName);
        if (checkpoint && (head === 0 || (await this.eventStore.hasProcessed(subscriptionName, head)))) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  /**
   * Writes what the projection kept in memory, in FLUSH_PARALLELISM transactions at once
   * (Postgres parses and stores each part on its own core). The shadow is private to this
   * run, so its rows need not commit together: the run only reads them once all are in.
   */
  private async flush(projection: AnyProjection, shadow: ShadowTable, pending: Map<string, unknown>): Promise<void> {
    const flush = projection.flush?.bind(projection);
    if (!flush || pending.size === 0) return;
    const parts = Array.from({ length: FLUSH_PARALLELISM }, () => new Map<string, unknown>());
    let i = 0;
    for (const entry of pending) parts[i++ % FLUSH_PARALLELISM].set(...entry);
    pending.clear();
    await Promise.all(
      parts.map((part) => this.db.transaction().execute((trx) => flush({ trx, table: shadow.name, pending: part }))),
    );
  }

  /**
   * The swap, in one transaction: hold the live projector between batches (its
   * checkpoint row), put the shadow in the live table's place, and hand the shadow's
   * checkpoint to the live projector, which continues from there.
   */
  private async swap(projection: AnyProjection, shadow: ShadowTable, shadowSubscription: string): Promise<Cursor> {
    const live = liveSubscriptionName(projection);
    return this.db.transaction().execute(async (trx) => {
      await trx.selectFrom('subscriptions').select('name').where('name', '=', live).forUpdate().execute();
      const cursor = await trx
        .selectFrom('subscriptions')
        .select(['last_transaction_id', 'last_position'])
        .where('name', '=', shadowSubscription)
        .executeTakeFirstOrThrow();
      await shadow.replaceLive(trx);
      const handedOver = {
        last_transaction_id: cursor.last_transaction_id,
        last_position: cursor.last_position,
        updated_at: new Date(),
      };
      await trx
        .insertInto('subscriptions')
        .values({ name: live, ...handedOver })
        .onConflict((oc) => oc.column('name').doUpdateSet(handedOver))
        .execute();
      await trx.deleteFrom('subscriptions').where('name', '=', shadowSubscription).execute();
      return { transactionId: cursor.last_transaction_id, position: cursor.last_position };
    });
  }

  private async dropShadow(shadow: ShadowTable, shadowSubscription: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await shadow.drop(trx);
      await trx.deleteFrom('subscriptions').where('name', '=', shadowSubscription).execute();
    });
  }

  /** Whether a rebuild of `name` holds the lock in some process. */
  private async isRunning(name: string): Promise<boolean> {
    return this.db.connection().execute(async (connection) => {
      const space = AdvisoryLockSpace.ProjectionRebuild;
      const { rows } = await sql<{
        locked: boolean;
      }>`SELECT pg_try_advisory_lock(${space}, hashtext(${name})) AS locked`.execute(connection);
      if (rows[0].locked) await sql`SELECT pg_advisory_unlock(${space}, hashtext(${name}))`.execute(connection);
      return !rows[0].locked;
    });
  }
}
