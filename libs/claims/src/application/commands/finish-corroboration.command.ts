import { Command } from '@nestjs/cqrs';
import type { ClaimWriteResult, CommandMetadata } from '../claim-writer.service';

export interface FinishCorroborationPayload {
  claimId: string;
  requestId: string;
  answered: string[];
  failed: string[];
  timedOut: string[];
}

/** Records how a corroboration round ended (workers); the status follows the verdict policy. Idempotent. */
export class FinishCorroborationCommand extends Command<ClaimWriteResult> {
  constructor(
    readonly payload: FinishCorroborationPayload,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
