import { Command } from '@nestjs/cqrs';
import type { ClaimWriteResult, CommandMetadata } from '../claim-writer.service';

export interface ConfirmEvidencePayload {
  claimId: string;
  evidenceId: string;
  /** Why the editor vouches for it (what they checked). */
  reason: string;
}

/**
 * An editor confirms evidence a person attached by hand: it then counts as the source it names,
 * beyond the one independent source per key that unconfirmed hand-attached evidence is capped at.
 */
export class ConfirmEvidenceCommand extends Command<ClaimWriteResult> {
  constructor(
    readonly payload: ConfirmEvidencePayload,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
