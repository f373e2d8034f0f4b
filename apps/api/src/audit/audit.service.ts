import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { Kysely } from 'kysely';
import {
  AUDIT_SIGNING_KEY,
  AuditSigningKey,
  Checkpoint,
  CheckpointRepository,
  CheckpointWriter,
  CheckpointWritten,
  HistoryVerification,
  verifyHistory,
} from '@claimtrail/audit';
import { Database, InjectDb } from '@claimtrail/database';
import { NotFound } from '@claimtrail/errors';
import { EventStore, streamTypeOf, VerifyResult } from '@claimtrail/event-store';
import { ExportFilter, exportStream } from './audit-export';

export interface AuditPublicKey {
  algorithm: 'Ed25519';
  keyId: string;
  publicKeyPem: string;
}

/** What auditors may ask of the log: its proofs (chains, signed checkpoints, the key) and the log itself. */
@Injectable()
export class AuditService {
  constructor(
    private readonly eventStore: EventStore,
    @InjectDb() private readonly db: Kysely<Database>,
    private readonly checkpoints: CheckpointRepository,
    private readonly writer: CheckpointWriter,
    @Inject(AUDIT_SIGNING_KEY) private readonly key: AuditSigningKey | null,
  ) {}

  /**
   * The hash chains over a position range; without a range, the whole log, also against
   * every stored signed checkpoint.
   */
  async verify(range: { fromPosition?: number; toPosition?: number }): Promise<VerifyResult | HistoryVerification> {
    const { fromPosition, toPosition } = range;
    if (fromPosition !== undefined || toPosition !== undefined)
      return this.eventStore.verify({ fromPosition, toPosition });
    return verifyHistory(this.eventStore, this.db, await this.checkpoints.list(), this.key?.publicKey ?? null);
  }

  /** Every signed checkpoint, oldest first. */
  async listCheckpoints(): Promise<{ items: Checkpoint[] }> {
    return { items: await this.checkpoints.list() };
  }

  /** Signs a checkpoint of every finished event, or returns the latest when nothing finished since. */
  writeCheckpoint(): Promise<CheckpointWritten> {
    return this.writer.write();
  }

  /** @throws NotFound when no signing key is configured. */
  publicKey(): AuditPublicKey {
    if (!this.key) throw new NotFound('audit signing key', 'AUDIT_SIGNING_KEY_FILE');
    return { algorithm: 'Ed25519', keyId: this.key.keyId, publicKeyPem: this.key.publicKeyPem };
  }

  /**
   * The log as NDJSON, read as the client pulls it.
   * @throws ValidationFailed for a malformed stream id: thrown now, while a problem response can still be sent.
   */
  export(filter: ExportFilter): Readable {
    if (filter.stream !== undefined) streamTypeOf(filter.stream);
    return exportStream(this.eventStore, filter);
  }
}
