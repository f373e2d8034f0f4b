import { Kysely, Transaction } from 'kysely';
import { Database } from '@claimtrail/database';
import { ProjectionRebuildStatus } from '../projections.tables';
import type { DriftReport } from './drift-check';

/** What operators see of a projection's last rebuild or drift check. */
export interface RebuildRecord {
  status: ProjectionRebuildStatus;
  processed: number;
  total: number;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  drift: DriftReport | null;
  error: string | null;
}

/**
 * One row per projection in `projection_rebuilds`: the progress and outcome of its latest
 * rebuild or drift check, so `GET /admin/projections/:name` can answer from any process.
 */
export class RebuildLog {
  constructor(private readonly db: Kysely<Database>) {}

  /** A new run: the previous run's record is replaced. */
  async started(name: string): Promise<void> {
    const now = new Date();
    const row = {
      name,
      status: 'running' as const,
      processed: 0,
      total: 0,
      started_at: now,
      updated_at: now,
      finished_at: null,
      drift: null,
      error: null,
    };
    await this.db
      .insertInto('projection_rebuilds')
      .values(row)
      .onConflict((oc) => oc.column('name').doUpdateSet({ ...row, name: undefined }))
      .execute();
  }

  /** The events it expects to process (the log's head when it started). */
  async expecting(name: string, total: number): Promise<void> {
    await this.update(name, { total });
  }

  /** Progress, written in the batch's own transaction so it never runs ahead of the shadow. */
  async processed(trx: Transaction<Database>, name: string, processed: number): Promise<void> {
    await this.update(name, { processed }, trx);
  }

  async finished(name: string, status: 'swapped' | 'checked', processed: number, drift: DriftReport): Promise<void> {
    // The first rows are enough for an operator; the run's report has them all.
    const stored = JSON.stringify({ ...drift, rows: drift.rows.slice(0, 10) });
    await this.update(name, { status, processed, finished_at: new Date(), drift: stored });
  }

  async failed(name: string, error: unknown): Promise<void> {
    await this.update(name, { status: 'failed', finished_at: new Date(), error: String(error) });
  }

  async last(name: string): Promise<RebuildRecord | null> {
    const row = await this.db.selectFrom('projection_rebuilds').selectAll().where('name', '=', name).executeTakeFirst();
    if (!row) return null;
    return {
      status: row.status,
      processed: row.processed,
      total: row.total,
      startedAt: row.started_at,
      updatedAt: row.updated_at,
      finishedAt: row.finished_at,
      drift: row.drift as DriftReport | null,
      error: row.error,
    };
  }

  private async update(
    name: string,
    values: Partial<{
      status: ProjectionRebuildStatus;
      processed: number;
      total: number;
      finished_at: Date;
      drift: string;
      error: string;
    }>,
    db: Kysely<Database> = this.db,
  ): Promise<void> {
    await db
      .updateTable('projection_rebuilds')
      .set({ ...values, updated_at: new Date() })
      .where('name', '=', name)
      .execute();
  }
}
