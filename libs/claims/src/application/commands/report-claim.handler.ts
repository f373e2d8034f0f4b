import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppConfig } from '@claimtrail/config';
import { ClaimWriter } from '../claim-writer.service';
import { ReportClaimCommand } from './report-claim.command';

@CommandHandler(ReportClaimCommand)
export class ReportClaimHandler implements ICommandHandler<ReportClaimCommand> {
  constructor(
    private readonly claims: ClaimWriter,
    private readonly config: AppConfig,
  ) {}

  async execute({ payload, metadata }: ReportClaimCommand) {
    const { claimId = this.claims.newId(metadata, 'claim'), article, ...claim } = payload;
    // An id of ours (random, or derived from an Idempotency-Key with no record yet) names a stream nobody has written.
    const newStream = payload.claimId === undefined;
    const { sources, deadlineMs } = this.config.corroboration;
    return this.claims.execute(
      claimId,
      { name: 'ReportClaim', payload },
      metadata,
      async ({ now, resolvePublisher, findPublisher }) => {
        const publisher = article && (await resolvePublisher(article.publisher, article.url));
        // Only a claimant the registry already knows is a publisher: "a western official" must not become one.
        const claimantPublisher = await findPublisher(claim.claimant);
        return {
          type: 'ReportClaim',
          claimId,
          ...claim,
          ...(claimantPublisher ? { claimantPublisher: claimantPublisher.id } : {}),
          ...(article && publisher ? { article: { ...article, publisher: publisher.id } } : {}),
          corroboration: {
            requestId: this.claims.newId(metadata, 'corroboration'),
            sources,
            deadline: new Date(now.getTime() + deadlineMs),
          },
          now,
        };
      },
      { newStream },
    );
  }
}
