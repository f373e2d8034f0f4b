import { Command } from '@nestjs/cqrs';
import type { ClaimWriteResult, CommandMetadata } from '../claim-writer.service';

export interface WithdrawEditorVerdictPayload {
  claimId: string;
  reason: string;
}

/** Withdraws the editor's verdict (with a reason); the policy's status applies again. */
export class WithdrawEditorVerdictCommand extends Command<ClaimWriteResult> {
  constructor(
    readonly payload: WithdrawEditorVerdictPayload,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
