import { Command } from '@nestjs/cqrs';
import type { NewReportingReason } from '../../domain/claim.events';
import type { ClaimWriteResult, CommandMetadata } from '../claim-writer.service';

export interface RequestCorroborationPayload {
  claimId: string;
  /** Source names; defaults to CORROBORATION_SOURCES. */
  sources?: string[];
  /** A later article that relates to the claim (the re-check relay). */
  reason?: NewReportingReason;
}

/**
 * Asks the workers to look for corroboration again (appends CorroborationRequested; the job relay enqueues the
 * work).
 */
export class RequestCorroborationCommand extends Command<ClaimWriteResult> {
  constructor(
    readonly payload: RequestCorroborationPayload,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
