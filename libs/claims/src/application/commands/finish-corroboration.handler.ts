import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ClaimWriter } from '../claim-writer.service';
import { FinishCorroborationCommand } from './finish-corroboration.command';

@CommandHandler(FinishCorroborationCommand)
export class FinishCorroborationHandler implements ICommandHandler<FinishCorroborationCommand> {
  constructor(private readonly claims: ClaimWriter) {}

  execute({ payload, metadata }: FinishCorroborationCommand) {
    return this.claims.execute(
      payload.claimId,
      { name: 'FinishCorroboration', payload },
      metadata,
      async ({ now, context }) => ({
        type: 'FinishCorroboration',
        ...payload,
        context: await context(),
        now,
      }),
    );
  }
}
