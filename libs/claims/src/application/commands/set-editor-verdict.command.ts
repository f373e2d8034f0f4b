import { Command } from '@nestjs/cqrs';
import type { ClaimStatus } from '../../domain/claim.events';
import type { ClaimWriteResult, CommandMetadata } from '../claim-writer.service';

export interface SetEditorVerdictPayload {
  claimId: string;
  status: ClaimStatus;
  reason: string;
}

/** An editor's verdict: overrides the policy, with a reason, until withdrawn. */
export class SetEditorVerdictCommand extends Command<ClaimWriteResult> {
  constructor(
    readonly payload: SetEditorVerdictPayload,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
