import { Inject, Injectable } from '@nestjs/common';
import { Kysely, sql } from 'kysely';
import { AdvisoryLockSpace, Database, InjectDb } from '@claimtrail/database';
import { Unavailable } from '@claimtrail/errors';
import { AuditSigningKey } from './audit-signing-key';
import { Checkpoint } from './checkpoint';
import { CheckpointRepository } from './checkpoint.repository';
import { EMPTY_LOG_HEAD, nextLogHead } from './log-chain';
import { chainPageQuery, LOG_START } from './log-chain.queries';

/** Injects the configured `AuditSigningKey`, or null when AUDIT_SIGNING_KEY_FILE is unset. */
export const AUDIT_SIGNING_KEY = Symbol('AUDIT_SIGNING_KEY');

export interface CheckpointWritten {
  checkpoint: Checkpoint;
  /** False when no event had finished since the last checkpoint, which is returned instead. */
  created: boolean;
  /** Events folded into the chain for this checkpoint: only those after the previous one. */
  eventsRead: number;
}

const PAGE_SIZE = 2000;

/**
 * Signs a checkpoint of the whole log: every event of a finished transaction (below the
 * visibility horizon, so none can later commit before the cursor), chained on from the
 * previous checkpoint — the cost is the events since then, not the log. Writers in any
 * process take turns on a transaction-level advisory lock.
 */
@Injectable()
export class CheckpointWriter {
  constructor(
    @InjectDb() private readonly db: Kysely<Database>,
    @Inject(AUDIT_SIGNING_KEY) private readonly key: AuditSigningKey | null,
    private readonly checkpoints: CheckpointRepository,
  ) {}

  get enabled(): boolean {
    return this.key !== null;
  }

  async write(now: () => Date = () => new Date()): Promise<CheckpointWritten> {
    const key = this.key;
    if (!key) throw new Unavailable('Checkpoints are not signed here: AUDIT_SIGNING_KEY_FILE is not configured');
    return this.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${AdvisoryLockSpace.AuditCheckpoint}, 0)`.execute(trx);
      const last = await this.checkpoints.last(trx);
      const { rows } = await sql<{ horizon: string }>`
        SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon`.execute(trx);
      let after = last ? { transactionId: last.transactionId, position: last.position } : LOG_START;
      let head = last?.head ?? EMPTY_LOG_HEAD;
      let eventsRead = 0;
      for (;;) {
        const page = await chainPageQuery(trx, { after, horizon: rows[0].horizon, limit: PAGE_SIZE }).execute();
        for (const event of page) head = nextLogHead(head, event);
        eventsRead += page.length;
        if (page.length > 0) after = page[page.length - 1];
        if (page.length < PAGE_SIZE) break;
      }
      if (last && eventsRead === 0) return { checkpoint: last, created: false, eventsRead };
      const checkpoint = key.sign({
        transactionId: after.transactionId,
        position: after.position,
        count: (last?.count ?? 0) + eventsRead,
        head,
        createdAt: now().toISOString(),
      });
      await this.checkpoints.insert(checkpoint, trx);
      return { checkpoint, created: true, eventsRead };
    });
  }
}
