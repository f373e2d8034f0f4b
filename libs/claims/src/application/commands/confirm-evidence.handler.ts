import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ClaimWriter } from '../claim-writer.service';
import { ConfirmEvidenceCommand } from './confirm-evidence.command';

@CommandHandler(ConfirmEvidenceCommand)
export class ConfirmEvidenceHandler implements ICommandHandler<ConfirmEvidenceCommand> {
  constructor(private readonly claims: ClaimWriter) {}

  async execute({ payload, metadata }: ConfirmEvidenceCommand) {
    const { claimId, evidenceId, reason } = payload;
    const { keyId, role } = metadata.actor;
    return this.claims.execute(claimId, { name: 'ConfirmEvidence', payload }, metadata, async (input) => ({
      type: 'ConfirmEvidence',
      claimId,
      evidenceId,
      by: { keyId, role },
      reason,
      context: await input.context(),
      now: input.now,
    }));
  }
}
