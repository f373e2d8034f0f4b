import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { EvidenceAttachedData } from '../../domain/claim.events';
import { ClaimWriter } from '../claim-writer.service';
import { AttachEvidenceBatchCommand } from './attach-evidence-batch.command';
import { attachedEvidence } from './attached-evidence';

@CommandHandler(AttachEvidenceBatchCommand)
export class AttachEvidenceBatchHandler implements ICommandHandler<AttachEvidenceBatchCommand> {
  constructor(private readonly claims: ClaimWriter) {}

  async execute({ payload, metadata }: AttachEvidenceBatchCommand) {
    const { claimId } = payload;
    return this.claims.execute(claimId, { name: 'AttachEvidenceBatch', payload }, metadata, async (input) => {
      const evidence: EvidenceAttachedData[] = [];
      // One at a time: two items naming the same new publisher must resolve to one registry entry.
      for (const [i, item] of payload.evidence.entries())
        evidence.push(
          await attachedEvidence(item, input, metadata, () => this.claims.newId(metadata, `evidence:${i}`)),
        );
      const publisherIds = evidence.flatMap((e) => [e.publisher, e.repeats]);
      return {
        type: 'AttachEvidenceBatch',
        claimId,
        evidence,
        context: await input.context(...publisherIds),
        now: input.now,
      };
    });
  }
}
