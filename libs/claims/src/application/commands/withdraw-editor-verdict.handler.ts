import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ClaimWriter } from '../claim-writer.service';
import { WithdrawEditorVerdictCommand } from './withdraw-editor-verdict.command';

@CommandHandler(WithdrawEditorVerdictCommand)
export class WithdrawEditorVerdictHandler implements ICommandHandler<WithdrawEditorVerdictCommand> {
  constructor(private readonly claims: ClaimWriter) {}

  execute({ payload, metadata }: WithdrawEditorVerdictCommand) {
    return this.claims.execute(
      payload.claimId,
      { name: 'WithdrawEditorVerdict', payload },
      metadata,
      async ({ now, context }) => ({
        type: 'WithdrawEditorVerdict',
        ...payload,
        context: await context(),
        now,
      }),
    );
  }
}
