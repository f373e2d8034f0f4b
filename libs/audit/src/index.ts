/**
 * @claimtrail/audit — anchored history: signed checkpoints of the whole event log (a hash
 * chain over every event in the gap-safe order, signed with an Ed25519 key held outside the
 * database), their writer, and the verification of the log against checkpoints an auditor holds.
 */
import { Migration } from 'kysely';
import type { TableGrants } from '@claimtrail/database';
import './audit.tables';
import * as createAuditCheckpoints from './migrations/1796136600000-CreateAuditCheckpoints';

export { AuditCheckpointsModule } from './audit-checkpoints.module';
export { AuditSigningKey } from './audit-signing-key';
export { checkpointSchema, checkpointMessage, checkpointSignedBy, ed25519PublicKey, keyIdOf } from './checkpoint';
export type { Checkpoint, CheckpointBody } from './checkpoint';
export { CheckpointRepository } from './checkpoint.repository';
export { AUDIT_SIGNING_KEY, CheckpointWriter } from './checkpoint-writer';
export type { CheckpointWritten } from './checkpoint-writer';
export { verifyAnchors, verifyHistory } from './history-verifier';
export type { AnchorReport, HistoryVerification } from './history-verifier';
export { EMPTY_LOG_HEAD, nextLogHead } from './log-chain';
export type { AuditCheckpointsTable } from './audit.tables';

/** The audit lib's table (`audit_checkpoints`); registered in @claimtrail/schema. */
export const auditMigrations: Record<string, Migration> = {
  '1796136600000-CreateAuditCheckpoints': createAuditCheckpoints,
};

/** What the API and worker may do to checkpoints (the app role's grants): add and read, never change. */
export const auditTableGrants: TableGrants = { audit_checkpoints: ['SELECT', 'INSERT'] };
