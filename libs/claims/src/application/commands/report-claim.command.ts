import { Command } from '@nestjs/cqrs';
import type { ClaimAttribution } from '../../domain/claim-attribution';
import type { ClaimWriteResult, CommandMetadata } from '../claim-writer.service';

export interface ReportClaimPayload {
  /**
   * The new claim's id, when the caller derives it from what the claim is (e.g. its article's
   * URL and place in it): reporting it again then fails with `claim-already-reported`
   * whoever sends it. Default: random, or derived from the Idempotency-Key.
   */
  claimId?: string;
  text: string;
  claimant: string;
  /** How the claimant put it; what is left out defaults (a checkable assertion, verb unknown). */
  attribution?: Partial<ClaimAttribution>;
  /** `publisher` is a registry id or a publisher's name; an unknown one is added to the registry, unrated. */
  article?: { url: string; title: string; publisher: string; publishedAt: string };
  citedUrls: string[];
  language: string;
}

/** Reports a new claim (and requests its first corroboration round). The result's `id` is the new claim's. */
export class ReportClaimCommand extends Command<ClaimWriteResult> {
  constructor(
    readonly payload: ReportClaimPayload,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
