import { Query } from '@nestjs/cqrs';

export interface ClaimHistoryEntry {
  position: number;
  version: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  recordedAt: string;
  hash: string;
}

/** The claim's events, oldest first. NotFound when there are none. */
export class GetClaimHistoryQuery extends Query<ClaimHistoryEntry[]> {
  constructor(readonly claimId: string) {
    super();
  }
}
