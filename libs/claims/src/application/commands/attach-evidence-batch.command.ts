import { Command } from '@nestjs/cqrs';
import type { ClaimWriteResult, CommandMetadata } from '../claim-writer.service';
import type { EvidenceToAttach } from './attach-evidence.command';

export interface AttachEvidenceBatchPayload {
  claimId: string;
  /** In order; give each a stable `evidenceId` (workers: derived from the finding) so a retry attaches it once. */
  evidence: EvidenceToAttach[];
}

/**
 * Attaches several pieces of evidence (a corroboration round's findings) in one claim
 * write: the same events as one `AttachEvidenceCommand` per item, in one append.
 */
export class AttachEvidenceBatchCommand extends Command<ClaimWriteResult> {
  constructor(
    readonly payload: AttachEvidenceBatchPayload,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
