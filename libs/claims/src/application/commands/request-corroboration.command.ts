import { Command } from '@nestjs/cqrs';
import type { ClaimWriteResult, CommandMetadata } from '../claim-writer.service';

export interface RequestCorroborationPayload {
  claimId: string;
  /** Source names; defaults to CORROBORATION_SOURCES. */
  sources?: string[];
}

/** Asks the workers to look for corroboration again (appends CorroborationRequested; the job relay enqueues the work). */
export class RequestCorroborationCommand extends Command<ClaimWriteResult> {
  constructor(
    readonly payload: RequestCorroborationPayload,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
