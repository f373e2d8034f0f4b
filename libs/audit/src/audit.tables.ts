import { ColumnType, Generated } from 'kysely';

export interface AuditCheckpointsTable {
  id: Generated<number>;
  /** xid8, as a decimal string. */
  transaction_id: string;
  position: number;
  event_count: number;
  head: string;
  key_id: string;
  signature: string;
  created_at: ColumnType<Date, Date, never>;
}

declare module '@claimtrail/database' {
  interface Database {
    audit_checkpoints: AuditCheckpointsTable;
  }
}
