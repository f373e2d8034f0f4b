import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppConfig } from '@claimtrail/config';
import { ClaimWriter } from '../claim-writer.service';
import { PublisherRepository } from '../publisher.repository';
import { ReportClaimCommand } from './report-claim.command';

@CommandHandler(ReportClaimCommand)
export class ReportClaimHandler implements ICommandHandler<ReportClaimCommand> {
  constructor(
    private readonly claims: ClaimWriter,
    private readonly publishers: PublisherRepository,
    private readonly config: AppConfig,
  ) {}

  async execute({ payload, metadata }: ReportClaimCommand) {
    const claimId = this.claims.newId(metadata, 'claim');
    const { article, ...claim } = payload;
    const publisher = article && (await this.publishers.resolve(article.publisher, article.url));
    const { sources, deadlineMs } = this.config.corroboration;
    return this.claims.execute(claimId, { name: 'ReportClaim', payload }, metadata, ({ now }) => ({
      type: 'ReportClaim',
      claimId,
      ...claim,
      ...(article && publisher ? { article: { ...article, publisher: publisher.id } } : {}),
      corroboration: { requestId: this.claims.newId(metadata, 'corroboration'), sources, deadline: new Date(now.getTime() + deadlineMs) },
      now,
    }));
  }
}
