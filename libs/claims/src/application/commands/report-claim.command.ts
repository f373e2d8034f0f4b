import { Command } from '@nestjs/cqrs';
import type { ClaimWriteResult, CommandMetadata } from '../claim-writer.service';

export interface ReportClaimPayload {
  text: string;
  claimant: string;
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
