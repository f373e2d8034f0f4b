import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ClaimWriter } from '../claim-writer.service';
import { AttachEvidenceCommand } from './attach-evidence.command';
import { attachedEvidence } from './attached-evidence';

@CommandHandler(AttachEvidenceCommand)
export class AttachEvidenceHandler implements ICommandHandler<AttachEvidenceCommand> {
  constructor(private readonly claims: ClaimWriter) {}

  async execute({ payload, metadata }: AttachEvidenceCommand) {
    const { claimId, ...item } = payload;
    return this.claims.execute(claimId, { name: 'AttachEvidence', payload }, metadata, async (input) => {
      const evidence = await attachedEvidence(item, input, metadata, () => this.claims.newId(metadata, 'evidence'));
      return {
        type: 'AttachEvidence',
        claimId,
        evidence,
        context: await input.context(evidence.publisher, evidence.repeats),
        now: input.now,
      };
    });
  }
}
