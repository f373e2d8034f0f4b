import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ClaimWriter } from '../claim-writer.service';
import { AttachEvidenceCommand } from './attach-evidence.command';

@CommandHandler(AttachEvidenceCommand)
export class AttachEvidenceHandler implements ICommandHandler<AttachEvidenceCommand> {
  constructor(private readonly claims: ClaimWriter) {}

  async execute({ payload, metadata }: AttachEvidenceCommand) {
    const { claimId, evidenceId, source, retrievedAt, repeats: repeated, publisher: named, ...evidence } = payload;
    return this.claims.execute(claimId, { name: 'AttachEvidence', payload }, metadata, async ({ now, context, resolvePublisher }) => {
      const publisher = await resolvePublisher(named, evidence.url);
      const repeats = repeated === undefined ? undefined : (await resolvePublisher(repeated)).id;
      return {
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
      };
    });
  }
}
