import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ClaimWriter } from '../claim-writer.service';
import { MarkDuplicateCommand } from './mark-duplicate.command';

@CommandHandler(MarkDuplicateCommand)
export class MarkDuplicateHandler implements ICommandHandler<MarkDuplicateCommand> {
  constructor(private readonly claims: ClaimWriter) {}

  async execute({ payload, metadata }: MarkDuplicateCommand) {
    const { claimId, duplicateOf, reason } = payload;
    return this.claims.execute(claimId, { name: 'MarkDuplicate', payload }, metadata, async ({ now, loadClaim }) => {
      const { state } = await loadClaim(duplicateOf);
      const target = {
        claimId: duplicateOf,
        exists: state.status !== 'none',
        duplicateOf: state.status === 'none' ? null : state.duplicateOf,
      };
      return { type: 'MarkDuplicate', claimId, target, reason, now };
    });
  }
}
