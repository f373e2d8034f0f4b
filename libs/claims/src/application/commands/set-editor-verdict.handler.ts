import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ClaimWriter } from '../claim-writer.service';
import { SetEditorVerdictCommand } from './set-editor-verdict.command';

@CommandHandler(SetEditorVerdictCommand)
export class SetEditorVerdictHandler implements ICommandHandler<SetEditorVerdictCommand> {
  constructor(private readonly claims: ClaimWriter) {}

  execute({ payload, metadata }: SetEditorVerdictCommand) {
    return this.claims.execute(
      payload.claimId,
      { name: 'SetEditorVerdict', payload },
      metadata,
      async ({ now, context }) => ({
        type: 'SetEditorVerdict',
        ...payload,
        context: await context(),
        now,
      }),
    );
  }
}
