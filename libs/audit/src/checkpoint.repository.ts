import { Injectable } from '@nestjs/common';
import { Kysely, Selectable } from 'kysely';
import { Database, InjectDb } from '@claimtrail/database';
import { AuditCheckpointsTable } from './audit.tables';
import { Checkpoint } from './checkpoint';

function checkpointOf(row: Selectable<AuditCheckpointsTable>): Checkpoint {
  return {
    position: row.position,
    transactionId: row.transaction_id,
    count: row.event_count,
    head: row.head,
    keyId: row.key_id,
    signature: row.signature,
    createdAt: row.created_at.toISOString(),
  };
}

/** The checkpoints stored beside the log (auditors keep their own copies; these can be deleted by a superuser). */
@Injectable()
export class CheckpointRepository {
  constructor(@InjectDb() private readonly db: Kysely<Database>) {}

  /** Every checkpoint, oldest first (in the order of the cursors they cover). */
  async list(db: Kysely<Database> = this.db): Promise<Checkpoint[]> {
    const rows = await db
      .selectFrom('audit_checkpoints')
      .selectAll()
      .orderBy('transaction_id')
      .orderBy('position')
      .orderBy('id')
      .execute();
    return rows.map(checkpointOf);
  }

  async last(db: Kysely<Database> = this.db): Promise<Checkpoint | null> {
    const row = await db
      .selectFrom('audit_checkpoints')
      .selectAll()
      .orderBy('transaction_id', 'desc')
      .orderBy('position', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? checkpointOf(row) : null;
  }

  async insert(checkpoint: Checkpoint, db: Kysely<Database> = this.db): Promise<void> {
    await db
      .insertInto('audit_checkpoints')
      .values({
        transaction_id: checkpoint.transactionId,
        position: checkpoint.position,
        event_count: checkpoint.count,
        head: checkpoint.head,
        key_id: checkpoint.keyId,
        signature: checkpoint.signature,
        created_at: new Date(checkpoint.createdAt),
      })
      .execute();
  }
}
