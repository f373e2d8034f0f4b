import { Logger } from '@nestjs/common';
import { Kysely, sql, Transaction } from 'kysely';
import { Database } from '@claimtrail/database';
import {
  Cursor,
  EventRow,
  hasWorkQuery,
  lastBelowHorizonQuery,
  lockCheckpointQuery,
  subscriberBatchQuery,
} from './event-store.queries';
import { RecordedEvent } from './event-store.types';
import { ExclusiveLock } from './exclusive-lock';

/** Where a new subscriber starts: the beginning, the current end, or after a position. */
export type StartFrom = 'start' | 'end' | number;

/**
 * Processes one batch inside the transaction that also advances the subscriber's
 * checkpoint: write the read-model change with `ctx.trx` and both commit together, or
 * neither does (throw to retry the same batch).
 */
export type SubscriptionHandler = (batch: RecordedEvent[], ctx: { trx: Transaction<Database> }) => Promise<void>;

export interface SubscribeOptions {
  /** Only used the first time this name runs (no checkpoint stored yet). Default `'start'`. */
  fromCheckpoint?: StartFrom;
  /** Most events per handler call. Default 100. */
  batchSize?: number;
  /** Only these event types reach the handler; the checkpoint still advances past the others. */
  types?: readonly string[];
  /** Poll interval when no NOTIFY arrives. Default: the store's (500 ms). */
  pollIntervalMs?: number;
  /** How often a standby instance tries to take over the lock. Default 1000 ms. */
  lockRetryMs?: number;
  /** Pause before retrying a batch whose handler threw. Default 1000 ms. */
  retryDelayMs?: number;
  /**
   * With this set, the pause doubles after each consecutive failure up to this cap, with
   * full jitter (a dependency that is down is not hammered). Default: no growth.
   */
  maxRetryDelayMs?: number;
  /** Called with every handler or database error (the batch is retried). Default: log a warning. */
  onError?: (error: unknown) => void;
}

/** This process's view of a running subscription. */
export interface SubscriptionState {
  name: string;
  /** Holds the advisory lock: this instance is the one processing. */
  active: boolean;
  /** Backend pid of the connection holding the lock (when active). */
  lockPid: number | null;
  /** Batches committed by this instance. */
  batches: number;
  /** Events delivered to the handler by this instance. */
  delivered: number;
  /** Batch reads attempted (including empty ones); grows while the subscriber is alive. */
  polls: number;
  lastError: string | null;
}

export interface SubscriptionDependencies {
  db: Kysely<Database>;
  connectionString: string;
  pollIntervalMs: number;
  toRecorded(row: EventRow): RecordedEvent;
}

export const EVENTS_CHANNEL = 'claimtrail_events';
const START: Cursor = { transactionId: '0', position: 0 };

/**
 * A catch-up subscriber that follows the log gap-safely (see subscriberBatchQuery). One
 * instance per name is active across processes: it holds an ExclusiveLock (a session
 * advisory lock on a dedicated connection, which also LISTENs for appends). Standby
 * instances retry the lock and take over when the active one stops or its connection dies.
 */
export class Subscription {
  private readonly lock: ExclusiveLock;
  private stopping = false;
  private notified = false;
  private wake: (() => void) | null = null;
  /** Settles when the subscription has stopped and released its lock. */
  readonly stopped: Promise<void>;
  private batches = 0;
  private delivered = 0;
  private polls = 0;
  private lastError: string | null = null;
  private consecutiveFailures = 0;
  /** While backing off after a failure, appends (NOTIFY) do not cut the pause short. */
  private backingOffUntil = 0;

  constructor(
    private readonly deps: SubscriptionDependencies,
    readonly name: string,
    private readonly handler: SubscriptionHandler,
    private readonly options: SubscribeOptions = {},
  ) {
    this.lock = new ExclusiveLock({
      connectionString: deps.connectionString,
      name,
      applicationName: `claimtrail-subscription:${name}`,
      lockRetryMs: options.lockRetryMs,
      // Stop processing and compete for the lock again (another instance may hold it by now).
      onLost: (error) => {
        if (error) this.lastError = `lock connection lost: ${error.message}`;
        this.wake?.();
      },
      onNotification: () => this.wakeUp(),
    });
    this.stopped = this.run();
  }

  /** Finishes the batch in progress, releases the lock and closes the connection. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.stopped;
  }

  /** Look for new events now instead of at the next poll (the store calls it after its appends). */
  wakeUp(): void {
    this.notified = true;
    if (Date.now() >= this.backingOffUntil) this.wake?.();
  }

  state(): SubscriptionState {
    return {
      name: this.name,
      active: this.lock.held,
      lockPid: this.lock.pid,
      batches: this.batches,
      delivered: this.delivered,
      polls: this.polls,
      lastError: this.lastError,
    };
  }

  private async run(): Promise<void> {
    const pollIntervalMs = this.options.pollIntervalMs ?? this.deps.pollIntervalMs;
    const lockRetryMs = this.options.lockRetryMs ?? 1000;
    let chase = 0;
    while (!this.stopping) {
      try {
        if (!this.lock.held) {
          const yieldFor = this.lock.yieldingFor();
          if (yieldFor > 0 || !(await this.acquire())) {
            await this.sleep(yieldFor > 0 ? yieldFor : lockRetryMs);
            continue;
          }
        }
        const { full, pending } = await this.processBatch();
        this.consecutiveFailures = 0;
        if (full) {
          chase = 0;
        } else if (pending) {
          // Committed events wait for an older transaction: look again soon, backing off
          // so that a long-held horizon costs no more than ordinary polling.
          chase = Math.min(chase ? chase * 2 : 20, Math.min(pollIntervalMs, 1000));
          await this.sleep(chase);
        } else {
          chase = 0;
          await this.sleep(pollIntervalMs);
        }
      } catch (error) {
        this.lastError = error instanceof Error ? error.message : String(error);
        this.consecutiveFailures++;
        if (this.options.onError) this.options.onError(error);
        else new Logger(`Subscription ${this.name}`).warn(`batch failed, will retry: ${String(error)}`);
        const delay = this.retryDelay();
        this.backingOffUntil = Date.now() + delay;
        if (!this.stopping) await this.sleep(delay);
      }
    }
    await this.lock.release();
  }

  private retryDelay(): number {
    const base = this.options.retryDelayMs ?? 1000;
    const cap = this.options.maxRetryDelayMs;
    if (cap === undefined || cap <= base) return base;
    const ceiling = Math.min(cap, base * 2 ** Math.min(this.consecutiveFailures - 1, 30));
    return base + Math.round(Math.random() * (ceiling - base));
  }

  /** Tries to become the active instance; true when this instance holds the lock. */
  private async acquire(): Promise<boolean> {
    if (!(await this.lock.acquire())) return false;
    try {
      await this.lock.listen(EVENTS_CHANNEL);
      await this.createCheckpoint(this.deps.db);
    } catch (error) {
      // Not ready to process: let a standby have the lock rather than hold it idle.
      await this.lock.release();
      throw error;
    }
    return true;
  }

  /** Stores the starting checkpoint (`fromCheckpoint`) unless one exists. */
  private async createCheckpoint(db: Kysely<Database>): Promise<void> {
    const start = await startCursor(db, this.options.fromCheckpoint ?? 'start');
    await db
      .insertInto('subscriptions')
      .values({ name: this.name, last_transaction_id: start.transactionId, last_position: start.position })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  }

  /** One batch in one transaction: whether more may be waiting, and whether committed events are held back. */
  private async processBatch(): Promise<{ full: boolean; pending: boolean }> {
    this.notified = false;
    this.polls++;
    // Idle polls stay read-only; the locking transaction (which writes) only runs when there is work.
    const [check] = (await hasWorkQuery(this.name).execute(this.deps.db)).rows;
    const pending = check.pending;
    if (!check.work) return { full: false, pending };
    const outcome = await this.deps.db.transaction().execute((trx) => this.deliver(trx));
    if (outcome === 'recreated') return { full: true, pending };
    if (outcome === 0) return { full: false, pending };
    this.batches++;
    this.delivered += outcome;
    return { full: outcome === (this.options.batchSize ?? 100), pending };
  }

  /**
   * Delivers the next batch and moves the checkpoint in the same transaction; returns how
   * many events were delivered, or 'recreated' when the checkpoint had been deleted.
   */
  private async deliver(trx: Transaction<Database>): Promise<number | 'recreated'> {
    const batchSize = this.options.batchSize ?? 100;
    const checkpoint = await lockCheckpointQuery(trx, this.name).executeTakeFirst();
    if (!checkpoint) {
      await this.createCheckpoint(trx);
      return 'recreated';
    }
    const after: Cursor = { transactionId: checkpoint.last_transaction_id, position: checkpoint.last_position };
    const rows = await subscriberBatchQuery(trx, {
      after,
      horizon: checkpoint.horizon,
      types: this.options.types,
      limit: batchSize,
    }).execute();
    const full = rows.length === batchSize;
    let next: Cursor | null = rows.length
      ? { transactionId: rows[rows.length - 1].transactionId, position: rows[rows.length - 1].position }
      : null;
    if (this.options.types && !full) {
      // Move past the filtered-out events too, so lag and read-your-writes see progress.
      const last = await lastBelowHorizonQuery(trx, after, checkpoint.horizon).executeTakeFirst();
      if (last) next = { transactionId: last.transaction_id, position: last.position };
    }
    if (!next) return 0;
    if (rows.length)
      await this.handler(
        rows.map((row) => this.deps.toRecorded(row)),
        { trx },
      );
    await trx
      .updateTable('subscriptions')
      .set({ last_transaction_id: next.transactionId, last_position: next.position, updated_at: new Date() })
      .where('name', '=', this.name)
      .execute();
    return rows.length;
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    if (this.notified && Date.now() >= this.backingOffUntil) {
      this.notified = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}

/**
 * The cursor a subscriber starts from: the beginning, the current end (everything of
 * finished transactions), or the cursor of the last event at or before a position.
 */
export async function startCursor(db: Kysely<Database>, from: StartFrom): Promise<Cursor> {
  if (from === 'start' || from === 0) return START;
  if (from === 'end') {
    const horizon = await sql<{ horizon: string }>`SELECT pg_snapshot_xmin(pg_current_snapshot()) AS horizon`.execute(
      db,
    );
    const last = await lastBelowHorizonQuery(db, START, horizon.rows[0].horizon).executeTakeFirst();
    return last ? { transactionId: last.transaction_id, position: last.position } : START;
  }
  const at = await db
    .selectFrom('events')
    .select(['transaction_id', 'position'])
    .where('position', '<=', from)
    .orderBy('position', 'desc')
    .limit(1)
    .executeTakeFirst();
  return at ? { transactionId: at.transaction_id, position: at.position } : START;
}
