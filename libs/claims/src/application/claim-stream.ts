import { ClaimEvent, isClaimEventType } from '../domain/claim.events';

/** The event-store stream of a claim: `claim-<uuid>`. */
export function claimStreamId(claimId: string): string {
  return `claim-${claimId}`;
}

/** The claim id of a claim stream id, or null for another stream. */
export function claimIdOf(streamId: string): string | null {
  return streamId.startsWith('claim-') ? streamId.slice('claim-'.length) : null;
}

/** A stored event as the decider's `ClaimEvent`, or null when it is not a claim event. */
export function claimEventOf(event: { type: string; data: Record<string, unknown> }): ClaimEvent | null {
  return isClaimEventType(event.type) ? ({ type: event.type, data: event.data } as unknown as ClaimEvent) : null;
}
