import { Command } from '@nestjs/cqrs';
import type { ClaimWriteResult, CommandMetadata } from '../claim-writer.service';

export interface MarkDuplicatePayload {
  claimId: string;
  /** The claim this one duplicates. */
  duplicateOf: string;
  reason: string;
}

/** Marks a claim a duplicate of another; the duplicate then takes no more changes. */
export class MarkDuplicateCommand extends Command<ClaimWriteResult> {
  constructor(
    readonly payload: MarkDuplicatePayload,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
