import { Inject, Injectable } from '@nestjs/common';
import { Kysely, sql, Transaction } from 'kysely';
import { AppConfig } from '@claimtrail/config';
import { Database, InjectDb } from '@claimtrail/database';
import { IllegalTransition, NotFound } from '@claimtrail/errors';
import { Cursor, EventStore } from '@claimtrail/event-store';
import { liveSubscriptionName, Projection, PROJECTIONS, shadowSubscriptionName } from './projection';
import { projectorHandler } from './projection-runner';
import { ProjectionRebuildStatus } from './projections.tables';

/** A row that differs between the live table and a rebuild from the log. */
export interface DriftedRow {
  key: string;
  /** Columns whose values differ (all of them when the row is missing on one side). */
  columns: string[];
  live: Record<string, unknown> | null;
  rebuilt: Record<string, unknown> | null;
}

/** The outcome of comparing a live table with its rebuild, row by row. */
export interface DriftReport {
  /** Rows compared (the union of both tables' keys). */
  compared: number;
  /** Rows that differ although both sides had processed the events behind them: real drift. */
  drifted: number;
  /** Rows that differ only because one side had processed more of the log (not drift). */
  inFlight: number;
  /** The first drifted rows (at most 100). */
  rows: DriftedRow[];
}

export interface RebuildReport {
  name: string;
  purpose: 'rebuild' | 'drift';
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

/** Advisory lock namespace (first key) for rebuilds; the event store uses 1215 and 1216. */
const REBUILD_LOCK_SPACE = 1217;
const MAX_REPORTED_ROWS = 100;
const FLUSH_PARALLELISM = 2;

/**
 * Rebuilds a projection without downtime: a shadow table (`<table>_rebuild`, created
 * LIKE the live one) is filled by its own subscription from position 0 until it has
 * caught up with the log, compared with the live table, then swapped in by renaming,
 * in one transaction that also hands the shadow's checkpoint to the live projector.
 * Reads keep answering from the old table until that commit. A drift check does the
 * same into `<table>_drift` and only compares.
 */
@Injectable()
export class ProjectionRebuilder {
  constructor(
    @InjectDb() private readonly db: Kysely<Database>,
    private readonly eventStore: EventStore,
    @Inject(PROJECTIONS) private readonly projections: Projection[],
    private readonly config: AppConfig,
  ) {}

  /** Names of the registered projections. */
  names(): string[] {
    return this.projections.map((p) => p.name);
  }

  /** @throws NotFound for an unknown projection name. */
  projection(name: string): Projection {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) throw new NotFound('Projection', name);
    return projection;
  }

  /**
   * Starts a rebuild (or a drift check) and resolves once it holds the projection's
   * rebuild lock; `finished` settles with the report.
   * @throws IllegalTransition `rebuild-in-progress` when one is already running (any process).
   */
  async start(name: string, purpose: 'rebuild' | 'drift', options: RebuildOptions = {}): Promise<RunningRebuild> {
    const projection = this.projection(name);
    let started!: () => void;
    const isStarted = new Promise<void>((resolve) => (started = resolve));
    const finished = this.db.connection().execute(async (connection) => {
      const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_lock(${REBUILD_LOCK_SPACE}, hashtext(${name})) AS locked`.execute(connection);
      if (!rows[0].locked) throw new IllegalTransition('rebuild-in-progress', `A rebuild or drift check of ${name} is already running`);
      try {
        await this.record(name, { status: 'running', processed: 0, total: 0, finished_at: null, drift: null, error: null }, true);
        started();
        return await this.run(projection, purpose, options);
      } catch (error) {
        await this.record(name, { status: 'failed', finished_at: new Date(), error: String(error) }).catch(() => undefined);
        throw error;
      } finally {
        await sql`SELECT pg_advisory_unlock(${REBUILD_LOCK_SPACE}, hashtext(${name}))`.execute(connection);
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
      this.db.selectFrom('projection_rebuilds').selectAll().where('name', '=', name).executeTakeFirst(),
      this.isRunning(name),
    ]);
    const drift = rebuild?.drift as DriftReport | null | undefined;
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
            startedAt: rebuild.started_at.toISOString(),
            updatedAt: rebuild.updated_at.toISOString(),
            finishedAt: rebuild.finished_at?.toISOString() ?? null,
            drift: drift ? { compared: drift.compared, drifted: drift.drifted, inFlight: drift.inFlight } : null,
            error: rebuild.error,
          }
        : null,
    };
  }

  private async run(projection: Projection, purpose: 'rebuild' | 'drift', options: RebuildOptions): Promise<RebuildReport> {
    const startedAt = Date.now();
    const shadow = `${projection.table}_${purpose}`;
    const subscriptionName = shadowSubscriptionName(projection, purpose);
    const total = await this.eventStore.headPosition();
    await this.record(projection.name, { total });
    await this.db.transaction().execute(async (trx) => {
      await sql`DROP TABLE IF EXISTS ${sql.table(shadow)}`.execute(trx);
      // Only the primary key while loading (upserts need it): the other indexes are built
      // once the rows are in, far cheaper than maintaining them row by row.
      await sql`CREATE TABLE ${sql.table(shadow)} (LIKE ${sql.table(projection.table)} INCLUDING ALL EXCLUDING INDEXES)`.execute(trx);
      await sql`ALTER TABLE ${sql.table(shadow)} ADD PRIMARY KEY (${sql.ref(projection.key)})`.execute(trx);
      // A previous run that died leaves its checkpoint behind: start from 0 again.
      await trx.deleteFrom('subscriptions').where('name', '=', subscriptionName).execute();
    });

    let processed = 0;
    let failure: unknown = null;
    const pending = new Map<string, unknown>();
    const apply = projectorHandler(projection, shadow, pending);
    const subscription = this.eventStore.subscribe(
      subscriptionName,
      async (batch, ctx) => {
        await apply(batch, ctx);
        await ctx.trx
          .updateTable('projection_rebuilds')
          .set({ processed: processed + batch.length, updated_at: new Date() })
          .where('name', '=', projection.name)
          .execute();
        processed += batch.length;
        options.onProgress?.({ processed, total });
      },
      {
        fromCheckpoint: 'start',
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
    await this.flush(projection, shadow, pending);
    await copyIndexes(this.db, projection.table, shadow);

    const drift = await this.compare(projection, shadow, subscriptionName);
    let checkpoint: Cursor | null = null;
    if (purpose === 'rebuild') checkpoint = await this.swap(projection, shadow, subscriptionName);
    else await this.dropShadow(shadow, subscriptionName);

    const elapsedMs = Date.now() - startedAt;
    await this.record(projection.name, {
      status: purpose === 'rebuild' ? 'swapped' : 'checked',
      processed,
      finished_at: new Date(),
      drift: JSON.stringify({ ...drift, rows: drift.rows.slice(0, 10) }),
    });
    return {
      name: projection.name,
      purpose,
      processed,
      elapsedMs,
      eventsPerSecond: Math.round(processed / Math.max(elapsedMs / 1000, 0.001)),
      drift,
      checkpoint,
    };
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
  private async flush(projection: Projection, shadow: string, pending: Map<string, unknown>): Promise<void> {
    const flush = projection.flush?.bind(projection);
    if (!flush || pending.size === 0) return;
    const parts = Array.from({ length: FLUSH_PARALLELISM }, () => new Map<string, unknown>());
    let i = 0;
    for (const entry of pending) parts[i++ % FLUSH_PARALLELISM].set(...entry);
    pending.clear();
    await Promise.all(parts.map((part) => this.db.transaction().execute((trx) => flush({ trx, table: shadow, pending: part }))));
  }

  /**
   * Compares the live table with the shadow row by row. A differing row is drift unless
   * one side simply has not processed the newer row's last event yet (the two tables
   * follow the log independently, so they are rarely at exactly the same point).
   */
  private async compare(projection: Projection, shadow: string, shadowSubscription: string): Promise<DriftReport> {
    const key = sql.ref(projection.key);
    const live = sql.table(projection.table);
    const rebuilt = sql.table(shadow);
    // Whole rows compared column by column (both tables have one shape); a differing row
    // is "in flight" when the side behind has not processed the newer row's last event
    // (the subscriber's own rule: (transaction id, position) at or before its checkpoint).
    const { rows } = await sql<{ key: string; in_flight: boolean }>`
      WITH differing AS (
        SELECT coalesce(l.${key}, s.${key}) AS key,
               coalesce(l.last_position, 0) AS live_position, coalesce(s.last_position, 0) AS rebuilt_position
          FROM ${live} l FULL JOIN ${rebuilt} s ON s.${key} = l.${key}
         WHERE l IS DISTINCT FROM s
      )
      SELECT d.key::text AS key,
             d.live_position <> d.rebuilt_position AND NOT EXISTS (
               SELECT 1 FROM events e JOIN subscriptions c
                 ON c.name = CASE WHEN d.live_position < d.rebuilt_position THEN ${liveSubscriptionName(projection)} ELSE ${shadowSubscription} END
                WHERE e.position = greatest(d.live_position, d.rebuilt_position)
                  AND (e.transaction_id, e.position) <= (c.last_transaction_id, c.last_position)
             ) AS in_flight
        FROM differing d
       ORDER BY 1`.execute(this.db);
    const { rows: counted } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (SELECT ${key} FROM ${live} UNION SELECT ${key} FROM ${rebuilt}) k`.execute(this.db);
    const drifted = rows.filter((r) => !r.in_flight).map((r) => r.key);
    const report: DriftReport = { compared: counted[0].n, drifted: drifted.length, inFlight: rows.length - drifted.length, rows: [] };
    if (drifted.length === 0) return report;
    const { rows: shown } = await sql<{ key: string; live: Record<string, unknown> | null; rebuilt: Record<string, unknown> | null }>`
      SELECT k.key, to_jsonb(l) AS live, to_jsonb(s) AS rebuilt
        FROM unnest(${drifted.slice(0, MAX_REPORTED_ROWS)}::text[]) AS k(key)
        LEFT JOIN ${live} l ON l.${key}::text = k.key
        LEFT JOIN ${rebuilt} s ON s.${key}::text = k.key
       ORDER BY 1`.execute(this.db);
    for (const row of shown) {
      const columns = [...new Set([...Object.keys(row.live ?? {}), ...Object.keys(row.rebuilt ?? {})])].filter(
        (c) => JSON.stringify(row.live?.[c]) !== JSON.stringify(row.rebuilt?.[c]),
      );
      report.rows.push({ key: row.key, columns, live: row.live, rebuilt: row.rebuilt });
    }
    return report;
  }

  /**
   * The swap, in one transaction: hold the live projector between batches (its
   * checkpoint row), rename the shadow into place, drop the old table, and hand the
   * shadow's checkpoint to the live projector, which continues from there.
   */
  private async swap(projection: Projection, shadow: string, shadowSubscription: string): Promise<Cursor> {
    const live = liveSubscriptionName(projection);
    return this.db.transaction().execute(async (trx) => {
      await trx.selectFrom('subscriptions').select('name').where('name', '=', live).forUpdate().execute();
      const cursor = await trx
        .selectFrom('subscriptions')
        .select(['last_transaction_id', 'last_position'])
        .where('name', '=', shadowSubscription)
        .executeTakeFirstOrThrow();
      const retired = `${projection.table}_retired`;
      await sql`ALTER TABLE ${sql.table(projection.table)} RENAME TO ${sql.id(retired)}`.execute(trx);
      await sql`ALTER TABLE ${sql.table(shadow)} RENAME TO ${sql.id(projection.table)}`.execute(trx);
      await sql`DROP TABLE ${sql.table(retired)}`.execute(trx);
      await renameIndexes(trx, projection.table, shadow);
      await trx
        .insertInto('subscriptions')
        .values({ name: live, last_transaction_id: cursor.last_transaction_id, last_position: cursor.last_position, updated_at: new Date() })
        .onConflict((oc) =>
          oc.column('name').doUpdateSet({ last_transaction_id: cursor.last_transaction_id, last_position: cursor.last_position, updated_at: new Date() }),
        )
        .execute();
      await trx.deleteFrom('subscriptions').where('name', '=', shadowSubscription).execute();
      return { transactionId: cursor.last_transaction_id, position: cursor.last_position };
    });
  }

  private async dropShadow(shadow: string, shadowSubscription: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await sql`DROP TABLE IF EXISTS ${sql.table(shadow)}`.execute(trx);
      await trx.deleteFrom('subscriptions').where('name', '=', shadowSubscription).execute();
    });
  }

  private async record(
    name: string,
    values: Partial<{
      status: ProjectionRebuildStatus;
      processed: number;
      total: number;
      finished_at: Date | null;
      drift: string | null;
      error: string | null;
    }>,
    restart = false,
  ): Promise<void> {
    const now = new Date();
    if (restart) {
      const row = { name, status: 'running' as const, processed: 0, total: 0, started_at: now, updated_at: now, finished_at: null, drift: null, error: null };
      await this.db
        .insertInto('projection_rebuilds')
        .values(row)
        .onConflict((oc) => oc.column('name').doUpdateSet({ ...row, name: undefined }))
        .execute();
      return;
    }
    await this.db
      .updateTable('projection_rebuilds')
      .set({ ...values, updated_at: now })
      .where('name', '=', name)
      .execute();
  }

  /** Whether a rebuild of `name` holds the lock in some process. */
  private async isRunning(name: string): Promise<boolean> {
    return this.db.connection().execute(async (connection) => {
      const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_lock(${REBUILD_LOCK_SPACE}, hashtext(${name})) AS locked`.execute(connection);
      if (rows[0].locked) await sql`SELECT pg_advisory_unlock(${REBUILD_LOCK_SPACE}, hashtext(${name}))`.execute(connection);
      return !rows[0].locked;
    });
  }
}

/** Creates on `shadow` every index of `table` but its primary key, named `<shadow>_…` like LIKE … INCLUDING INDEXES would. */
async function copyIndexes(db: Kysely<Database>, table: string, shadow: string): Promise<void> {
  const { rows } = await sql<{ indexname: string; indexdef: string }>`
    SELECT i.indexname, i.indexdef FROM pg_indexes i
     WHERE i.schemaname = current_schema() AND i.tablename = ${table}
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.contype = 'p')`.execute(db);
  for (const { indexname, indexdef } of rows) {
    const match = /^CREATE (UNIQUE )?INDEX \S+ ON \S+ (.*)$/.exec(indexdef);
    if (!match) throw new Error(`Cannot copy index ${indexname}: ${indexdef}`);
    const name = indexname.startsWith(`${table}_`) ? shadow + indexname.slice(table.length) : `${shadow}_${indexname}`;
    await sql`CREATE ${sql.raw(match[1] ?? '')}INDEX ${sql.id(name)} ON ${sql.table(shadow)} ${sql.raw(match[2])}`.execute(db);
  }
}

/** Gives the swapped-in table's indexes the live names (`<shadow>_x` → `<table>_x`). */
async function renameIndexes(trx: Transaction<Database>, table: string, shadow: string): Promise<void> {
  const { rows } = await sql<{ indexname: string }>`
    SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ${table} AND indexname LIKE ${`${shadow}\\_%`}`.execute(trx);
  for (const { indexname } of rows) {
    await sql`ALTER INDEX ${sql.id(indexname)} RENAME TO ${sql.id(table + indexname.slice(shadow.length))}`.execute(trx);
  }
}
