import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppConfig } from '@claimtrail/config';
import { ClaimWriter } from '../claim-writer.service';
import { RequestCorroborationCommand } from './request-corroboration.command';

@CommandHandler(RequestCorroborationCommand)
export class RequestCorroborationHandler implements ICommandHandler<RequestCorroborationCommand> {
  constructor(
    private readonly claims: ClaimWriter,
    private readonly config: AppConfig,
  ) {}

  execute({ payload, metadata }: RequestCorroborationCommand) {
    const { sources, deadlineMs } = this.config.corroboration;
    return this.claims.execute(payload.claimId, { name: 'RequestCorroboration', payload }, metadata, ({ now }) => ({
      type: 'RequestCorroboration',
      claimId: payload.claimId,
      request: {
        requestId: this.claims.newId(metadata, 'corroboration'),
        sources: payload.sources ?? sources,
        deadline: new Date(now.getTime() + deadlineMs),
        ...(payload.reason ? { reason: payload.reason } : {}),
      },
      now,
    }));
  }
}
