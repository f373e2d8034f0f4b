import type { ClaimStatus } from '@claimtrail/claims';

/** What a feed client asked to see; an absent member matches everything. */
export interface ClaimFeedFilter {
  statuses?: readonly ClaimStatus[];
  claimIds?: readonly string[];
  /** Publisher id: the claim's article publisher or the publisher its claimant speaks for. */
  publisher?: string;
  types?: readonly string[];
}

/** One claim event with what the filters look at: the claim's status right after it, and its publishers. */
export interface ClaimFeedEvent {
  position: number;
  claimId: string;
  type: string;
  version: number;
  recordedAt: string;
  data: Record<string, unknown>;
  claim: { status: ClaimStatus; publisher: string | null; claimantPublisher: string | null };
}

/** Whether `event` passes every filter the client gave. */
export function matchesFeedFilter(event: ClaimFeedEvent, filter: ClaimFeedFilter): boolean {
  if (filter.types && !filter.types.includes(event.type)) return false;
  if (filter.claimIds && !filter.claimIds.includes(event.claimId)) return false;
  if (filter.statuses && !filter.statuses.includes(event.claim.status)) return false;
  if (filter.publisher !== undefined) {
    return event.claim.publisher === filter.publisher || event.claim.claimantPublisher === filter.publisher;
  }
  return true;
}

/** The SSE message of one event: its position is the id a client resumes from (`Last-Event-ID`). */
export function sseMessage(event: ClaimFeedEvent): string {
  return `id: ${event.position}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
