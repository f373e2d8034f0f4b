import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ClaimWriter } from '../claim-writer.service';
import { PublisherRepository } from '../publisher.repository';
import { AttachEvidenceCommand } from './attach-evidence.command';

@CommandHandler(AttachEvidenceCommand)
export class AttachEvidenceHandler implements ICommandHandler<AttachEvidenceCommand> {
  constructor(
    private readonly claims: ClaimWriter,
    private readonly publishers: PublisherRepository,
  ) {}

  async execute({ payload, metadata }: AttachEvidenceCommand) {
    const { claimId, evidenceId, source, retrievedAt, repeats: repeated, publisher: named, ...evidence } = payload;
    const publisher = await this.publishers.resolve(named, evidence.url);
    const repeats = repeated === undefined ? undefined : (await this.publishers.resolve(repeated)).id;
    return this.claims.execute(claimId, { name: 'AttachEvidence', payload }, metadata, async ({ now, context }) => ({
      type: 'AttachEvidence',
      claimId,
      evidence: {
        ...evidence,
        evidenceId: evidenceId ?? this.claims.newId(metadata, 'evidence'),
        publisher: publisher.id,
        foundBy: source ? { kind: 'source', source } : { kind: 'user', keyId: metadata.actor.keyId },
        retrievedAt: retrievedAt ?? now.toISOString(),
        ...(repeats ? { repeats } : {}),
      },
      context: await context(publisher.id, repeats),
      now,
    }));
  }
}
